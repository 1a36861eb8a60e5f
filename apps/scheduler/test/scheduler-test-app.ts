import 'reflect-metadata';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppLogger,
  type Clock,
  deadLetterQueueName,
  eventQueueName,
  loadConfig,
  PlatformModule,
  retryDelays,
  retryQueueName,
  RpcClient,
  rpcQueueName,
} from '@app/platform';
import { SCHEDULER_FEATURES, SCHEDULER_MIGRATIONS } from '../src/app.module';
import { DueRecurrencesJob } from '../src/timetable/due-recurrences.job';

export interface SchedulerTestApp {
  app: INestApplicationContext;
  job: DueRecurrencesJob;
  rpc: RpcClient;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * One scheduler instance as main.ts starts it (migrated schema, event consumer, RPC server, outbox
 * relay), with the given clock. Several can run side by side, like several processes.
 */
export async function startScheduler(clock: Clock): Promise<SchedulerTestApp> {
  @Module({
    imports: [
      PlatformModule.forService({
        service: 'scheduler',
        entities: [],
        migrations: SCHEDULER_MIGRATIONS,
        config: { ...loadConfig('scheduler'), instanceId: `scheduler-test-${randomUUID().slice(0, 8)}` },
        clock,
      }),
      ...SCHEDULER_FEATURES,
    ],
  })
  class TestSchedulerModule {}
  const app = await NestFactory.createApplicationContext(TestSchedulerModule, { logger: new AppLogger() });
  await app.init();
  return {
    app,
    job: app.get(DueRecurrencesJob),
    rpc: app.get(RpcClient),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** Deletes the scheduler queues of a test that ran with its own AMQP_QUEUE_PREFIX. */
export async function deleteSchedulerQueues(): Promise<void> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  for (const name of [
    rpcQueueName('scheduler'),
    eventQueueName('scheduler'),
    deadLetterQueueName('scheduler'),
    ...retryDelays().map((delay) => retryQueueName('scheduler', delay)),
  ])
    await channel.deleteQueue(name);
  await connection.close();
}
