import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@app/contracts';
import { AmqpConnection, AppLogger, loadConfig, RpcClient } from '@app/platform';
import { CrmModule } from '../src/app.module';

/**
 * What a crm integration test talks to: the real CrmModule (real PostgreSQL, migrated), reached
 * through the platform's real RpcClient over RabbitMQ exactly as the gateway reaches it, and a tap
 * on the events exchange that sees what subscribers of other teams would see.
 */
export interface CrmHarness {
  rpc: RpcClient;
  events: EventTap;
  /** crm's own database, for checks a user cannot make through the API (the outbox). */
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function startCrm(): Promise<CrmHarness> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(CrmModule, {
    logger: new AppLogger(process.env.LOG_LEVEL ?? 'warn'),
    abortOnError: false,
  });
  await app.init();

  // The client side is the platform's RpcClient on its own broker connection, with no database:
  // the gateway's schema belongs to the gateway.
  const clientConfig = loadConfig('gateway');
  const amqp = new AmqpConnection(clientConfig);
  await amqp.onModuleInit();
  const rpc = new RpcClient(clientConfig, amqp);
  await rpc.onModuleInit();

  const events = await EventTap.open(clientConfig.rabbitmqUrl, 'crm.#');

  return {
    rpc,
    events,
    dataSource: app.get(DataSource),
    async close() {
      await events.close();
      await amqp.onApplicationShutdown();
      await app.close();
    },
  };
}

/** An exclusive, auto-deleted queue bound to `invoicing.events`: every event it receives, kept. */
export class EventTap {
  readonly received: EventEnvelope[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  static async open(url: string, bindingKey: string): Promise<EventTap> {
    const connection = await connect(url);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, bindingKey);
    await channel.consume(
      queue,
      (message: ConsumeMessage | null) => {
        if (message) tap.received.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
      },
      { noAck: true },
    );
    return tap;
  }

  /** Events of one tenant, optionally of one type (tests isolate themselves by tenant). */
  of(tenantId: string, type?: string): EventEnvelope[] {
    return this.received.filter((e) => e.tenantId === tenantId && (type === undefined || e.type === type));
  }

  /** Waits until `predicate` holds for the received events; fails after `timeoutMs`. */
  async waitUntil(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Waits until every outbox row of `tenantId` is published and the tap holds that many events of
 * the tenant. Then the tap shows everything crm will ever send for the changes made so far, so a
 * test can assert that an event came exactly once (or not at all).
 */
export async function eventsSettled(harness: CrmHarness, tenantId: string): Promise<void> {
  const counts = async () => {
    const [row] = await harness.dataSource.query<Array<{ total: number; pending: number }>>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending
         FROM "crm".outbox WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? { total: 0, pending: 0 };
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { total, pending } = await counts();
    if (pending === 0 && harness.events.of(tenantId).length >= total) return;
    if (Date.now() > deadline) throw new Error(`events of tenant ${tenantId} not delivered in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
