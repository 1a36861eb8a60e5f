import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { RpcCaller } from '@app/contracts';
import { AppLogger, RpcClient } from '@app/platform';
import { DataSource } from 'typeorm';
import { BillingModule } from '../src/app.module';

export interface BillingTestApp {
  app: INestApplicationContext;
  /** Sends over the real broker to the `rpc.billing` queue, as the gateway does. */
  rpc: RpcClient;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Boots the real billing service (migrated schema, broker, RPC server) against invoicing_test. */
export async function startBilling(): Promise<BillingTestApp> {
  const app = await NestFactory.createApplicationContext(BillingModule, { logger: new AppLogger() });
  await app.init();
  return { app, rpc: app.get(RpcClient), dataSource: app.get(DataSource), close: () => app.close() };
}

/** A fresh tenant per test: tests never share rows and need no cleanup order. */
export function newTenant(): { admin: RpcCaller; member: RpcCaller } {
  const tenantId = randomUUID();
  return {
    admin: { tenantId, userId: randomUUID(), role: 'admin' },
    member: { tenantId, userId: randomUUID(), role: 'member' },
  };
}
