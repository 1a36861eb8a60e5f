import { type INestApplicationContext, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'amqplib';
import type { AppConfig } from '@app/platform';
import {
  AppLogger,
  deadLetterQueueName,
  eventQueueName,
  PlatformModule,
  retryDelays,
  retryQueueName,
  rpcQueueName,
} from '@app/platform';
import { testConfig } from '../../../libs/platform/test-support/messaging-test-app';
import { DOCUMENTS_FEATURES, DOCUMENTS_MIGRATIONS } from '../src/app.module';

export interface DocumentsTestApp {
  app: INestApplicationContext;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The documents service as main.ts starts it, with its files in a fresh temporary folder; or only
 * some of its features (`features`), for a test that needs no more.
 */
export async function startDocumentsApp(
  overrides: Partial<AppConfig> = {},
  features: Array<Type<unknown>> = DOCUMENTS_FEATURES,
): Promise<DocumentsTestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'documents-'));
  @Module({
    imports: [
      PlatformModule.forService({
        service: 'documents',
        entities: [],
        migrations: DOCUMENTS_MIGRATIONS,
        config: testConfig({ dataDir, ...overrides }),
      }),
      ...features,
    ],
  })
  class TestDocumentsModule {}
  const app = await NestFactory.createApplicationContext(TestDocumentsModule, { logger: new AppLogger() });
  await app.init();
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deletes the documents queues of a test that ran with its own AMQP_QUEUE_PREFIX. */
export async function deleteDocumentsQueues(): Promise<void> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  for (const name of [
    rpcQueueName('documents'),
    eventQueueName('documents'),
    deadLetterQueueName('documents'),
    ...retryDelays().map((delay) => retryQueueName('documents', delay)),
  ])
    await channel.deleteQueue(name);
  await connection.close();
}

/** The text of a PDF as a reader would copy it (poppler's pdftotext). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const file = path.join(tmpdir(), `pdf-${randomUUID()}.pdf`);
  await writeFile(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    await rm(file, { force: true });
  }
}
