import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EVENTS_EXCHANGE, type EventType } from '@app/contracts';
import { EventSubscriber, isolateTestQueues, startTestApp } from '../../test-support/messaging-test-app';
import { TcpProxy } from '../../test-support/tcp-proxy';
import { waitFor } from '../../test-support/wait-for';
import { AmqpConnection } from './amqp-connection';
import { Outbox } from './outbox';

// Each test publishes under its own routing key, so only its subscriber sees its events.
const freshType = () => `test.platform.outbox.${randomUUID()}` as EventType;

async function writeEvents(app: INestApplicationContext, type: EventType, tenantId: string, count: number) {
  const outbox = app.get(Outbox);
  const ids: string[] = [];
  await app.get(DataSource).transaction(async (manager) => {
    for (let i = 0; i < count; i++) {
      const envelope = await outbox.add(manager, tenantId, type, { n: i } as never);
      ids.push(envelope.id);
    }
  });
  return ids;
}

async function unpublished(app: INestApplicationContext, ids: string[]): Promise<number> {
  const rows = await app
    .get(DataSource)
    .query<Array<{ n: string }>>(
      'SELECT count(*) AS n FROM documents.outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
      [ids],
    );
  return Number(rows[0].n);
}

isolateTestQueues();

describe('outbox and relay', () => {
  let app: INestApplicationContext;
  const subscribers: EventSubscriber[] = [];
  const subscribe = async (type: string) => {
    const subscriber = await EventSubscriber.bind(type);
    subscribers.push(subscriber);
    return subscriber;
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.close()));
    await app?.close();
  });

  it('publishes a committed change exactly once, persistent, with the envelope of API.md', async () => {
    const type = freshType();
    const subscriber = await subscribe(type);
    const tenantId = randomUUID();
    const [id] = await writeEvents(app, type, tenantId, 1);

    await waitFor('the event', () => subscriber.messages.length === 1);
    await waitFor('the row marked sent', async () => (await unpublished(app, [id])) === 0);
    // A second marker event behind it: once it is here, a duplicate of the first would be too.
    const [marker] = await writeEvents(app, type, tenantId, 1);
    await waitFor('the marker', () => subscriber.ids().includes(marker));

    expect(subscriber.ids().filter((x) => x === id)).toHaveLength(1);
    const message = subscriber.messages[0];
    expect(message.fields.exchange).toBe(EVENTS_EXCHANGE);
    expect(message.fields.routingKey).toBe(type);
    expect(message.properties.messageId).toBe(id);
    expect(message.properties.deliveryMode).toBe(2);
    const envelope = JSON.parse(message.content.toString('utf8'));
    expect(Object.keys(envelope).sort()).toEqual(
      ['correlationId', 'data', 'id', 'occurredAt', 'tenantId', 'type', 'version'].sort(),
    );
    expect(envelope).toMatchObject({ id, type, version: 1, tenantId, data: { n: 0 } });
    expect(new Date(envelope.occurredAt).toISOString()).toBe(envelope.occurredAt);
    expect(typeof envelope.correlationId).toBe('string');
  });

  it('publishes nothing for a rolled-back change', async () => {
    const type = freshType();
    const subscriber = await subscribe(type);
    const tenantId = randomUUID();
    let rolledBack = '';
    await expect(
      app.get(DataSource).transaction(async (manager) => {
        rolledBack = (await app.get(Outbox).add(manager, tenantId, type, {} as never)).id;
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow('the change fails');

    // The relay sends in seq order: a committed marker written afterwards arriving proves the relay
    // has looked past the place the rolled-back row would have had.
    const [marker] = await writeEvents(app, type, tenantId, 1);
    await waitFor('the marker', () => subscriber.ids().includes(marker));
    const rows = await app
      .get(DataSource)
      .query('SELECT 1 FROM documents.outbox WHERE id = $1', [rolledBack]);
    expect(rows).toHaveLength(0);
    expect(subscriber.ids()).toEqual([marker]);
  });

  it('two relays over 500 events publish every event, normally once', async () => {
    const second = await startTestApp();
    try {
      const type = freshType();
      const subscriber = await subscribe(type);
      const tenantId = randomUUID();
      // 50 transactions of 10 events, half through each instance, all at once.
      const batches = await Promise.all(
        Array.from({ length: 50 }, (_, i) => writeEvents(i % 2 ? second : app, type, tenantId, 10)),
      );
      const ids = batches.flat();
      expect(new Set(ids).size).toBe(500);

      await waitFor('all 500 events', () => new Set(subscriber.ids()).size === 500, 30_000);
      await waitFor('every row marked sent', async () => (await unpublished(app, ids)) === 0);
      const [marker] = await writeEvents(app, type, tenantId, 1);
      await waitFor('the marker', () => subscriber.ids().includes(marker));

      const seen = subscriber.ids().filter((x) => x !== marker);
      const duplicates = seen.length - new Set(seen).size;
      expect(ids.every((x) => seen.includes(x))).toBe(true);
      // At least once is the promise; with FOR UPDATE SKIP LOCKED and no crash, exactly once.
      expect(duplicates).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe('outbox during a broker outage', () => {
  let proxy: TcpProxy;
  let app: INestApplicationContext;
  let subscriber: EventSubscriber;

  beforeAll(async () => {
    proxy = await new TcpProxy().start();
    app = await startTestApp([], { rabbitmqUrl: proxy.url() });
  });
  afterAll(async () => {
    await subscriber?.close();
    await app?.close();
    await proxy?.stop();
  });

  it('holds events while RabbitMQ is unreachable and delivers each once after', async () => {
    const type = freshType();
    subscriber = await EventSubscriber.bind(type);
    const amqp = app.get(AmqpConnection);
    expect(amqp.connected).toBe(true);

    proxy.cut();
    await waitFor('the service to notice the outage', () => !amqp.connected);
    const tenantId = randomUUID();
    // Commits succeed while the broker is unreachable: 100 events in 10 transactions.
    const ids = (
      await Promise.all(Array.from({ length: 10 }, () => writeEvents(app, type, tenantId, 10)))
    ).flat();
    expect(await unpublished(app, ids)).toBe(100);
    expect(subscriber.messages).toHaveLength(0);

    proxy.restore();
    await waitFor('the connection to recover by itself', () => amqp.connected, 20_000);
    await waitFor('all 100 events', () => new Set(subscriber.ids()).size === 100, 20_000);
    await waitFor('every row marked sent', async () => (await unpublished(app, ids)) === 0);
    const [marker] = await writeEvents(app, type, tenantId, 1);
    await waitFor('the marker', () => subscriber.ids().includes(marker));

    const seen = subscriber.ids().filter((x) => x !== marker);
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
