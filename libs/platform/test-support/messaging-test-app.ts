import { type INestApplicationContext, Module, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE } from '@app/contracts';
import { Messaging1700000000000 } from '../../../apps/documents/src/migrations/1700000000000-messaging';
import { AmqpConnection } from '../src/messaging/amqp-connection';
import { RpcClient } from '../src/messaging/rpc-client';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { AppLogger } from '../src/logging/app-logger';
import { retryDelays } from '../src/messaging/event-consumer';
import {
  deadLetterQueueName,
  eventQueueName,
  retryQueueName,
  rpcQueueName,
} from '../src/messaging/queue-names';
import { PlatformModule } from '../src/platform.module';

/**
 * The service test apps run as: documents (nobody else works on it while these tests run; its
 * schema has outbox and inbox through its messaging migration).
 */
export const TEST_SERVICE = 'documents' as const;

/** Where probe handlers leave their effects: one row per execution, no uniqueness on purpose. */
export const EFFECTS = 'platform_test.effects';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig(TEST_SERVICE),
    instanceId: `${TEST_SERVICE}-test-${randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

/** Starts the test service with the given providers (probe handlers), optionally through a proxy. */
export async function startTestApp(
  providers: Provider[] = [],
  overrides: Partial<AppConfig> = {},
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      PlatformModule.forService({
        service: TEST_SERVICE,
        entities: [],
        migrations: [Messaging1700000000000],
        config: testConfig(overrides),
      }),
    ],
    providers,
  })
  class TestAppModule {}
  const app = await NestFactory.createApplicationContext(TestAppModule, { logger: new AppLogger() });
  await app.init();
  await ensureEffectsTable(app.get(DataSource));
  return app;
}

export async function ensureEffectsTable(dataSource: DataSource): Promise<void> {
  await dataSource.query('CREATE SCHEMA IF NOT EXISTS platform_test');
  await dataSource.query(
    `CREATE TABLE IF NOT EXISTS ${EFFECTS} (key text NOT NULL, tenant_id uuid, at timestamptz NOT NULL DEFAULT now())`,
  );
}

export async function countEffects(dataSource: DataSource, key: string): Promise<number> {
  const rows = await dataSource.query<Array<{ n: string }>>(
    `SELECT count(*) AS n FROM ${EFFECTS} WHERE key = $1`,
    [key],
  );
  return Number(rows[0].n);
}

/** A plain amqplib connection of the test itself (not through any proxy). */
export async function brokerChannel(): Promise<{ connection: ChannelModel; channel: Channel }> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await connection.createChannel();
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  return { connection, channel };
}

/** A test subscriber: an exclusive queue bound to the events exchange, collecting what arrives. */
export class EventSubscriber {
  readonly messages: ConsumeMessage[] = [];
  private connection?: ChannelModel;

  static async bind(routingKey: string): Promise<EventSubscriber> {
    const subscriber = new EventSubscriber();
    const { connection, channel } = await brokerChannel();
    subscriber.connection = connection;
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, routingKey);
    await channel.consume(queue, (message) => message && subscriber.messages.push(message), { noAck: true });
    return subscriber;
  }

  ids(): string[] {
    return this.messages.map((m) => String(m.properties.messageId));
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }
}

/** An RPC client on its own connection, the way the gateway holds one: no service of its own. */
export async function standaloneRpcClient(
  rabbitmqUrl?: string,
): Promise<{ client: RpcClient; connection: AmqpConnection; close: () => Promise<void> }> {
  const config = testConfig(rabbitmqUrl ? { rabbitmqUrl } : {});
  const connection = new AmqpConnection(config);
  await connection.onModuleInit();
  const client = new RpcClient(config, connection);
  await client.onModuleInit();
  return { client, connection, close: () => connection.onApplicationShutdown() };
}

/**
 * Gives this test file queues of its own (AMQP_QUEUE_PREFIX), so a stack running on the same
 * broker neither answers the tests' requests nor takes their events, and deletes them afterwards.
 * Call at the top level of a test file.
 */
export function isolateTestQueues(): void {
  const previous = process.env.AMQP_QUEUE_PREFIX;
  beforeAll(() => {
    process.env.AMQP_QUEUE_PREFIX = `test-${randomUUID().slice(0, 8)}.`;
  });
  afterAll(async () => {
    const { connection, channel } = await brokerChannel();
    channel.on('error', () => undefined);
    const names = [
      rpcQueueName(TEST_SERVICE),
      rpcQueueName('scheduler'),
      eventQueueName(TEST_SERVICE),
      deadLetterQueueName(TEST_SERVICE),
      ...retryDelays().map((delay) => retryQueueName(TEST_SERVICE, delay)),
    ];
    for (const name of names) await channel.deleteQueue(name);
    await connection.close();
    if (previous === undefined) delete process.env.AMQP_QUEUE_PREFIX;
    else process.env.AMQP_QUEUE_PREFIX = previous;
  });
}
