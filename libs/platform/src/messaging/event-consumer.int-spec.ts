import { type INestApplicationContext, Injectable } from '@nestjs/common';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENTS_EXCHANGE, type EventEnvelope, type EventType } from '@app/contracts';
import {
  EFFECTS,
  TEST_SERVICE,
  brokerChannel,
  countEffects,
  isolateTestQueues,
  startTestApp,
} from '../../test-support/messaging-test-app';
import { TcpProxy } from '../../test-support/tcp-proxy';
import { waitFor } from '../../test-support/wait-for';
import { EventHandler } from './event-handler.decorator';
import { retryDelays } from './event-consumer';
import { deadLetterQueueName, eventQueueName } from './queue-names';

// A type nobody else binds, so real services never see these probes.
const PROBE = 'test.platform.consumer.probe' as EventType;

interface ProbeData {
  key: string;
  fail?: boolean;
}

@Injectable()
class ProbeHandler {
  readonly attempts = new Map<string, number[]>();

  @EventHandler(PROBE)
  async onProbe(event: EventEnvelope, manager: EntityManager): Promise<void> {
    const data = event.data as ProbeData;
    this.attempts.set(data.key, [...(this.attempts.get(data.key) ?? []), Date.now()]);
    if (data.fail) throw new Error('the probe handler fails on purpose');
    await manager.query(`INSERT INTO ${EFFECTS} (key, tenant_id) VALUES ($1, $2)`, [
      data.key,
      event.tenantId,
    ]);
  }
}

function envelope(data: ProbeData): EventEnvelope<string, ProbeData> {
  return {
    id: randomUUID(),
    type: PROBE,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    correlationId: randomUUID(),
    data,
  };
}

isolateTestQueues();

describe('event consumer: inbox, retries, dead letters', () => {
  let queue: string;
  let dlq: string;
  let app: INestApplicationContext;
  let connection: ChannelModel;
  let channel: Channel;
  const previousPrefetch = process.env.EVENT_PREFETCH;

  const publish = (content: Buffer | EventEnvelope<string, ProbeData>, messageId?: string) =>
    channel.publish(
      EVENTS_EXCHANGE,
      PROBE,
      Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content)),
      {
        persistent: true,
        contentType: 'application/json',
        messageId: messageId ?? (Buffer.isBuffer(content) ? randomUUID() : content.id),
        type: PROBE,
      },
    );

  /** Takes dead letters off the DLQ until one with `messageId` shows up. */
  const deadLetters: GetMessage[] = [];
  const findDeadLetter = (messageId: string) =>
    waitFor(`${messageId} in ${dlq}`, async () => {
      for (;;) {
        const message = await channel.get(dlq, { noAck: true });
        if (!message) break;
        deadLetters.push(message);
      }
      return deadLetters.find((m) => m.properties.messageId === messageId);
    });

  beforeAll(async () => {
    // One at a time, so a message published after another is handled after it: the marker
    // checks below rely on that order.
    process.env.EVENT_PREFETCH = '1';
    queue = eventQueueName(TEST_SERVICE);
    dlq = deadLetterQueueName(TEST_SERVICE);
    ({ connection, channel } = await brokerChannel());
    app = await startTestApp([ProbeHandler]);
  });

  afterAll(async () => {
    await app?.close();
    await connection?.close();
    if (previousPrefetch === undefined) delete process.env.EVENT_PREFETCH;
    else process.env.EVENT_PREFETCH = previousPrefetch;
  });

  it('declares a durable quorum queue for events and its dead-letter queue', async () => {
    const { connection: admin, channel: probe } = await brokerChannel();
    try {
      // Declaring it as classic must fail: the queue exists as quorum.
      probe.on('error', () => undefined);
      await expect(probe.assertQueue(queue, { durable: true })).rejects.toThrow(/PRECONDITION_FAILED/);
    } finally {
      await admin.close();
    }
  });

  it('ignores a redelivered event: the same envelope twice has one effect', async () => {
    const event = envelope({ key: randomUUID() });
    publish(event);
    publish(event);
    const marker = envelope({ key: randomUUID() });
    publish(marker);

    const dataSource = app.get(DataSource);
    await waitFor('the marker handled', async () => (await countEffects(dataSource, marker.data.key)) === 1);
    expect(await countEffects(dataSource, event.data.key)).toBe(1);
    // The duplicate never reached the handler: the inbox stopped it.
    expect(app.get(ProbeHandler).attempts.get(event.data.key)).toHaveLength(1);
    const inbox = await dataSource.query('SELECT type FROM documents.inbox WHERE event_id = $1', [event.id]);
    expect(inbox).toEqual([{ type: PROBE }]);
  });

  it('retries a failing handler with backoff, then dead-letters it; the queue keeps flowing', async () => {
    const delays = retryDelays();
    expect(delays).toEqual([100, 200, 400]);
    const failing = envelope({ key: randomUUID(), fail: true });
    publish(failing);
    const behind = envelope({ key: randomUUID() });
    publish(behind);

    const dataSource = app.get(DataSource);
    // The good event behind the failing one is not held up by its retries.
    await waitFor(
      'the event behind handled',
      async () => (await countEffects(dataSource, behind.data.key)) === 1,
    );
    const dead = await findDeadLetter(failing.id);

    const attempts = app.get(ProbeHandler).attempts.get(failing.data.key)!;
    expect(attempts).toHaveLength(delays.length + 1);
    attempts.slice(1).forEach((at, i) => expect(at - attempts[i]).toBeGreaterThanOrEqual(delays[i] - 5));
    expect(dead.properties.headers?.['x-attempt']).toBe(delays.length + 1);
    expect(String(dead.properties.headers?.['x-last-error'])).toContain('fails on purpose');
    expect(JSON.parse(dead.content.toString('utf8'))).toEqual(failing);
    expect(await countEffects(dataSource, failing.data.key)).toBe(0);
    // A failed attempt leaves no inbox row, or a retry would be taken for a duplicate.
    expect(
      await dataSource.query('SELECT 1 FROM documents.inbox WHERE event_id = $1', [failing.id]),
    ).toHaveLength(0);
  });

  it('dead-letters a malformed message and handles the good one behind it', async () => {
    const malformedId = randomUUID();
    publish(Buffer.from('{"id": "not json'), malformedId);
    const notAnEnvelope = randomUUID();
    publish(Buffer.from(JSON.stringify({ hello: 'world' })), notAnEnvelope);
    const good = envelope({ key: randomUUID() });
    publish(good);

    const dataSource = app.get(DataSource);
    await waitFor(
      'the good event handled',
      async () => (await countEffects(dataSource, good.data.key)) === 1,
    );
    const dead = await findDeadLetter(malformedId);
    expect(dead.content.toString('utf8')).toBe('{"id": "not json');
    await findDeadLetter(notAnEnvelope);
    const { messageCount } = await channel.checkQueue(queue);
    expect(messageCount).toBe(0);
  });
});

describe('event consumer during a database outage', () => {
  let proxy: TcpProxy;
  let app: INestApplicationContext;
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    proxy = await new TcpProxy(5432).start();
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/invoicing_test');
    url.host = `127.0.0.1:${proxy.port}`;
    app = await startTestApp([ProbeHandler], { databaseUrl: url.toString() });
    ({ connection, channel } = await brokerChannel());
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await proxy?.stop();
  });

  it('keeps an event waiting (not dead-lettered) while PostgreSQL is unreachable, then handles it', async () => {
    const handler = app.get(ProbeHandler);
    proxy.cut();
    const event = envelope({ key: randomUUID() });
    channel.publish(EVENTS_EXCHANGE, PROBE, Buffer.from(JSON.stringify(event)), {
      persistent: true,
      messageId: event.id,
    });
    // Longer than the whole retry budget (100 + 200 + 400 ms): every attempt fails to connect.
    const budget = retryDelays().reduce((a, b) => a + b, 0);
    const cutAt = Date.now();
    await waitFor('the database outage to outlast the retry budget', () => Date.now() - cutAt > 2 * budget);
    expect(handler.attempts.get(event.data.key)).toBeUndefined();

    proxy.restore();
    const dataSource = app.get(DataSource);
    await waitFor(
      'the event handled after the database is back',
      async () => (await countEffects(dataSource, event.data.key)) === 1,
      20_000,
    );
    const { messageCount } = await channel.checkQueue(deadLetterQueueName(TEST_SERVICE));
    expect(messageCount).toBe(0);
  });
});
