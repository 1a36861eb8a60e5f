import { randomUUID } from 'node:crypto';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { type Body, request, signUp, type TestTenant } from '../support/api';

const EXCHANGE = 'invoicing.events';
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

interface Seen {
  envelope: Body;
  messageId: string | undefined;
}

/** A fresh exclusive queue bound to one routing key of the events exchange, as a subscriber would. */
class Subscriber {
  readonly seen: Seen[] = [];
  private connection?: ChannelModel;
  private channel?: Channel;

  async start(routingKey: string): Promise<void> {
    this.connection = await connect(RABBITMQ_URL);
    this.channel = await this.connection.createChannel();
    await this.channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    await this.channel.bindQueue(queue, EXCHANGE, routingKey);
    await this.channel.consume(
      queue,
      (message) => {
        if (!message) return;
        this.seen.push({
          envelope: JSON.parse(message.content.toString('utf8')),
          messageId: message.properties.messageId as string | undefined,
        });
      },
      { noAck: true },
    );
  }

  async stop(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `count()` reaches `atLeast` (or the deadline), then a while longer for stragglers. */
async function settle(
  count: () => number,
  atLeast: number,
  timeoutMs = 10000,
  quietMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (count() < atLeast && Date.now() < deadline) await sleep(50);
  await sleep(quietMs);
}

describe('issuing with an Idempotency-Key', () => {
  let tenant: TestTenant;
  let contactId: string;
  const subscriber = new Subscriber();

  beforeAll(async () => {
    await subscriber.start('billing.invoice.issued');
  });

  afterAll(async () => {
    await subscriber.stop();
  });

  beforeEach(async () => {
    tenant = await signUp();
    await request('PATCH', '/settings', {
      token: tenant.token,
      body: {
        company: {
          legalName: 'Idempotent SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. Mare 2', city: 'Timișoara', country: 'RO' },
        },
      },
    });
    const contact = await request('POST', '/contacts', {
      token: tenant.token,
      body: {
        type: 'company',
        name: 'Cumpărător SRL',
        vatId: 'RO14399840',
        address: { street: 'Str. Mică 3', city: 'Arad', country: 'RO' },
      },
    });
    contactId = contact.body.id;
  });

  async function draftId(): Promise<string> {
    const answer = await request('POST', '/invoices', {
      token: tenant.token,
      body: {
        contactId,
        lines: [{ name: 'Servicii', unit: 'h', quantity: '1', unitPrice: '100', vatRate: '21' }],
      },
    });
    expect(answer.status).toBe(201);
    return answer.body.id;
  }

  const eventsFor = (documentId: string) =>
    subscriber.seen.filter((s) => s.envelope.data?.document?.id === documentId);

  it('replays the first answer for the same key and body, and publishes one event', async () => {
    const id = await draftId();
    const key = randomUUID();
    const first = await request('POST', `/invoices/${id}/issue`, {
      token: tenant.token,
      body: { send: false },
      headers: { 'Idempotency-Key': key },
    });
    const second = await request('POST', `/invoices/${id}/issue`, {
      token: tenant.token,
      body: { send: false },
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(200);
    expect(first.body.fullNumber).toBe('INV-0001');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);

    const settings = await request('GET', '/settings', { token: tenant.token });
    expect(settings.body.series.invoice.nextNumber).toBe(2);

    await settle(() => eventsFor(id).length, 1);
    const events = eventsFor(id);
    expect(events).toHaveLength(1);
    const [{ envelope, messageId }] = events;
    expect(envelope).toMatchObject({
      id: expect.any(String),
      type: 'billing.invoice.issued',
      version: expect.any(Number),
      occurredAt: expect.any(String),
      tenantId: tenant.tenantId,
      data: { document: { id, status: 'issued', fullNumber: 'INV-0001', number: 1 } },
    });
    expect(messageId).toBe(envelope.id);
    expect(envelope.data.document.totals).toEqual(first.body.totals);
  });

  it('answers 422 for the same key with another body, issuing nothing more', async () => {
    const id = await draftId();
    const key = randomUUID();
    const first = await request('POST', `/invoices/${id}/issue`, {
      token: tenant.token,
      body: {},
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(200);
    const other = await request('POST', `/invoices/${id}/issue`, {
      token: tenant.token,
      body: { send: true },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    const read = await request('GET', `/invoices/${id}`, { token: tenant.token });
    expect(read.body.delivery.status).toBe('not_sent');
  });

  it('without a key, a repeated issue is refused (409) and still publishes one event', async () => {
    const id = await draftId();
    const first = await request('POST', `/invoices/${id}/issue`, { token: tenant.token, body: {} });
    const again = await request('POST', `/invoices/${id}/issue`, { token: tenant.token, body: {} });
    expect(first.status).toBe(200);
    expect(again.status).toBe(409);
    await settle(() => eventsFor(id).length, 1);
    expect(eventsFor(id)).toHaveLength(1);
  });

  it('concurrent retries with one key issue once', async () => {
    const id = await draftId();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        request('POST', `/invoices/${id}/issue`, {
          token: tenant.token,
          body: {},
          headers: { 'Idempotency-Key': key },
        }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    for (const answer of ok) expect(answer.body.fullNumber).toBe('INV-0001');
    const settings = await request('GET', '/settings', { token: tenant.token });
    expect(settings.body.series.invoice.nextNumber).toBe(2);
    await settle(() => eventsFor(id).length, 1);
    expect(eventsFor(id)).toHaveLength(1);
  });
});
