import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { connect, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import {
  EVENTS_EXCHANGE,
  type ContactView,
  type CreateContactDto,
  type EventEnvelope,
  type RpcCaller,
} from '@app/contracts';
import {
  AppLogger,
  Clock,
  FixedClock,
  RpcClient,
  deadLetterQueueName,
  eventQueueName,
  retryDelays,
  retryQueueName,
  rpcQueueName,
} from '@app/platform';
import { CrmModule } from '../../crm/src/app.module';
import { BillingModule } from '../src/app.module';

/**
 * What document tests talk to: the real crm service (contacts the buyer block is copied from) and
 * one or more real billing instances consuming the same `rpc.billing` queue, all on the real
 * database and broker. Billing runs on a clock the test sets. The queues get a prefix of their own,
 * so a stack or another test file on the same broker neither answers nor steals these requests.
 */
export interface DocumentsHarness {
  clock: FixedClock;
  billing: INestApplicationContext[];
  crm: INestApplicationContext;
  /** Sends over the broker to `rpc.billing` / `rpc.crm`, as the gateway does. */
  rpc: RpcClient;
  dataSource: DataSource;
  events: IssuedEventsTap;
  /** Starts one more billing instance on the same queue and clock. */
  addBilling(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

export async function startDocumentsHarness(
  options: { instances?: number; now?: Date } = {},
): Promise<DocumentsHarness> {
  process.env.AMQP_QUEUE_PREFIX = `test-${randomUUID().slice(0, 8)}.`;
  // Integration tests run against invoicing_test; billing processes spawned by a test inherit it.
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/invoicing_test';
  const clock = new FixedClock(options.now ?? new Date('2026-11-26T10:00:00Z'));
  const logger = new AppLogger(process.env.LOG_LEVEL ?? 'warn');
  const crm = await NestFactory.createApplicationContext(CrmModule, { logger, abortOnError: false });
  await crm.init();
  const startBilling = async () => {
    const moduleRef = await Test.createTestingModule({ imports: [BillingModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    moduleRef.useLogger(logger);
    await moduleRef.init();
    return moduleRef as INestApplicationContext;
  };
  const billing: INestApplicationContext[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) billing.push(await startBilling());
  const events = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.*.issued');
  return {
    clock,
    billing,
    crm,
    // With no billing instance in this process (billing runs as processes), crm's client and
    // connection reach the same broker and database.
    rpc: (billing[0] ?? crm).get(RpcClient),
    dataSource: (billing[0] ?? crm).get(DataSource),
    events,
    async addBilling() {
      const app = await startBilling();
      billing.push(app);
      return app;
    },
    async close() {
      await events.close();
      for (const app of billing) await app.close();
      await crm.close();
      await deleteTestQueues();
    },
  };
}

async function deleteTestQueues(): Promise<void> {
  const connection = await connect(process.env.RABBITMQ_URL!);
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  const names = [
    rpcQueueName('billing'),
    rpcQueueName('crm'),
    ...['billing', 'crm'].flatMap((consumer) => [
      eventQueueName(consumer),
      deadLetterQueueName(consumer),
      ...retryDelays().map((delay) => retryQueueName(consumer, delay)),
    ]),
  ];
  for (const name of names) await channel.deleteQueue(name);
  await connection.close();
  delete process.env.AMQP_QUEUE_PREFIX;
}

/** An exclusive queue on `invoicing.events`: the issued events a subscriber would see. */
export class IssuedEventsTap {
  readonly received: EventEnvelope[] = [];
  private constructor(private readonly connection: ChannelModel) {}

  static async open(url: string, bindingKey: string): Promise<IssuedEventsTap> {
    const connection = await connect(url);
    const tap = new IssuedEventsTap(connection);
    const channel = await connection.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, bindingKey);
    await channel.consume(
      queue,
      (message) => {
        if (message) tap.received.push(JSON.parse(message.content.toString('utf8')) as EventEnvelope);
      },
      { noAck: true },
    );
    return tap;
  }

  of(tenantId: string): EventEnvelope[] {
    return this.received.filter((event) => event.tenantId === tenantId);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** A fresh tenant per test: tests never share rows and need no cleanup order. */
export function newCaller(role: 'admin' | 'member' = 'admin'): RpcCaller {
  return { tenantId: randomUUID(), userId: randomUUID(), role };
}

/** Company details a legal invoice needs from the seller. */
export async function completeSeller(rpc: RpcClient, caller: RpcCaller): Promise<void> {
  await rpc.send(
    'billing.settings.update',
    {
      company: {
        legalName: 'Furnizor SRL',
        vatId: 'RO18547290',
        registrationNumber: 'J40/1234/2020',
        address: { street: 'Str. Lungă 1', city: 'Brașov', postalCode: '500001', country: 'RO' },
      },
    },
    { ...caller, role: 'admin' },
  );
}

export function createContact(
  rpc: RpcClient,
  caller: RpcCaller,
  overrides: Partial<CreateContactDto> = {},
): Promise<ContactView> {
  return rpc.send(
    'crm.contacts.create',
    {
      type: 'company',
      name: 'ACME SRL',
      email: 'accounts@acme.example',
      vatId: 'RO123456',
      registrationNumber: 'J12/345/2019',
      address: { street: 'Bd. Unirii 2', city: 'București', postalCode: '030167', country: 'RO' },
      ...overrides,
    },
    caller,
  );
}

/** The error a failing call rejects with (DomainError: code, message, errors). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; errors?: Array<{ path: string; message: string }> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; errors?: Array<{ path: string; message: string }> };
  }
  throw new Error('expected the call to fail');
}
