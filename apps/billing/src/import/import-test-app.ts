import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IMPORT_CHUNK_BYTES, type ImportJobView, type RpcCaller } from '@app/contracts';
import { AppLogger, dataSourceOptions, ensureDatabase, migrate, RpcClient } from '@app/platform';
import { DataSource } from 'typeorm';
import type { BillingTestApp } from '../../test/billing-test-app';
import { BillingModule } from '../app.module';
import { Import1700000010000 } from '../migrations/1700000010000-import';
import { ImportModule } from './import.module';

/**
 * Billing with the import module, for tests, before (or after) app.module wires it in: the
 * import's migration is applied first, then billing boots as usual with ImportModule beside it.
 */
export async function startBillingWithImport(): Promise<BillingTestApp> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/invoicing_test';
  await ensureDatabase(url);
  const migrations = new DataSource(
    dataSourceOptions(url, { schema: 'billing', entities: [], migrations: [Import1700000010000] }),
  );
  await migrations.initialize();
  try {
    await migrate(migrations, url, 'billing');
  } finally {
    await migrations.destroy();
  }

  @Module({ imports: [BillingModule, ImportModule] })
  class BillingWithImportModule {}

  const app = await NestFactory.createApplicationContext(BillingWithImportModule, {
    logger: new AppLogger(),
  });
  await app.init();
  return { app, rpc: app.get(RpcClient), dataSource: app.get(DataSource), close: () => app.close() };
}

/** Sends a file as the gateway does (start, chunks in order, finish); returns the job as finish answers it. */
export async function sendFile(
  rpc: RpcClient,
  caller: RpcCaller,
  file: Buffer,
  options: { filename?: string; dryRun?: boolean } = {},
): Promise<ImportJobView> {
  const { id } = await rpc.send(
    'billing.imports.start',
    { filename: options.filename ?? 'products.csv', dryRun: options.dryRun ?? false },
    caller,
  );
  for (let seq = 0, offset = 0; offset < file.length; seq++, offset += IMPORT_CHUNK_BYTES)
    await rpc.send(
      'billing.imports.chunk',
      { id, seq, data: file.subarray(offset, offset + IMPORT_CHUNK_BYTES).toString('base64') },
      caller,
    );
  return rpc.send('billing.imports.finish', { id }, caller);
}

/** Polls the job until it has finished. */
export async function settledJob(
  rpc: RpcClient,
  caller: RpcCaller,
  id: string,
  timeoutMs = 60_000,
): Promise<ImportJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await rpc.send('billing.imports.get', { id }, caller);
    if (job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends a file and waits for the outcome. */
export async function importFile(
  rpc: RpcClient,
  caller: RpcCaller,
  file: Buffer | string,
  options: { filename?: string; dryRun?: boolean } = {},
): Promise<ImportJobView> {
  const started = await sendFile(
    rpc,
    caller,
    Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'),
    options,
  );
  return settledJob(rpc, caller, started.id);
}
