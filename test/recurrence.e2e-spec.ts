// Recurring invoices through the real stack: switched on over HTTP, then billing and the scheduler
// restarted months later (CLOCK_NOW) catch up every missed month once, with two schedulers racing;
// stopped, nothing more. The services here are a small stack of this file's own (own gateway port
// and queue prefix), so their clock can be set without moving the shared stack's. Both stacks use
// the same database; the shared stack's billing and scheduler also see these events on the shared
// exchange, which is one more pair of instances racing for the same periods.
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { type Body, request } from './support/api';
import { E2E_PORT, type ServiceHandle, startService } from './support/stack';

jest.setTimeout(180_000);

const PREFIX = `e2e-recurrence-${randomUUID().slice(0, 8)}.`;
const PORT = String(E2E_PORT + 7);
const baseUrl = `http://127.0.0.1:${PORT}`;
// Tuesday 26 January 2027, 10:00 in Bucharest: the day the recurrence is switched on.
const SWITCHED_ON = '2027-01-26T08:00:00Z';
// Monday 3 May 2027: February's, March's and April's runs were missed; May's (26th) has not come.
const BACK_ON = '2027-05-03T08:00:00Z';
const MUCH_LATER = '2027-09-01T08:00:00Z';

describe('recurring invoices over HTTP, with restarts months later', () => {
  const running = new Set<ServiceHandle>();
  let token: string;

  /** Signs up on this file's gateway: its clock is the one its tokens are checked against. */
  async function signUp(): Promise<string> {
    const res = await request('POST', '/auth/signup', {
      baseUrl,
      body: {
        companyName: `Recurring ${randomUUID().slice(0, 8)} SRL`,
        country: 'RO',
        email: `e2e-${randomUUID()}@example.com`,
        password: 'correct-horse-battery-9',
      },
    });
    if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  async function start(service: 'gateway' | 'crm' | 'billing' | 'scheduler', clockNow: string) {
    const handle = await startService(service, {
      AMQP_QUEUE_PREFIX: PREFIX,
      CLOCK_NOW: clockNow,
      PORT,
      LOG_LEVEL: 'log',
    });
    running.add(handle);
    return handle;
  }
  async function stop(handle: ServiceHandle) {
    await handle.stop();
    running.delete(handle);
  }

  const call = (method: string, path: string, body?: unknown) =>
    request(method, path, { token, body, baseUrl });

  /** Polls GET until `check` accepts the answer; returns it. */
  async function until(path: string, check: (body: Body) => boolean, timeoutMs = 30_000): Promise<Body> {
    const deadline = Date.now() + timeoutMs;
    let last: Body;
    for (;;) {
      const res = await call('GET', path);
      last = res.body;
      if (res.status === 200 && check(res.body)) return res.body;
      if (Date.now() > deadline) throw new Error(`GET ${path}: last answer ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  afterAll(async () => {
    await Promise.all([...running].map((handle) => handle.stop()));
    // This file's queues (quorum queues outlive their consumers).
    const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const delays = (process.env.EVENT_RETRY_DELAYS_MS ?? '100,200,400').split(',');
    for (const service of ['gateway', 'crm', 'billing', 'documents', 'scheduler'])
      for (const name of [
        `rpc.${service}`,
        `${service}.events`,
        `${service}.events.dlq`,
        ...delays.map((delay) => `${service}.events.retry.${delay.trim()}ms`),
      ])
        await channel.deleteQueue(`${PREFIX}${name}`).catch(() => undefined);
    await connection.close();
  });

  it('issues each missed month once, on its run date, in number order; stopped, no more', async () => {
    const [gateway, , billing, scheduler] = await Promise.all([
      start('gateway', SWITCHED_ON),
      start('crm', SWITCHED_ON),
      start('billing', SWITCHED_ON),
      start('scheduler', SWITCHED_ON),
    ]);
    expect(gateway.pid).toBeGreaterThan(0);
    token = await signUp();
    expect(
      (
        await call('PATCH', '/settings', {
          company: {
            legalName: 'Furnizor SRL',
            vatId: 'RO18547290',
            address: { street: 'Str. Mare 1', city: 'Sibiu', country: 'RO' },
          },
        })
      ).status,
    ).toBe(200);
    const contact = await call('POST', '/contacts', {
      type: 'company',
      name: 'Abonat SRL',
      vatId: 'RO14399840',
      address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
    });
    expect(contact.status).toBe(201);
    const draft = await call('POST', '/invoices', {
      contactId: contact.body.id,
      dueDate: '2027-02-05',
      lines: [{ name: 'Abonament', unit: 'pcs', quantity: '1', unitPrice: '300', vatRate: '21' }],
    });
    expect(draft.status).toBe(201);

    // Not issued yet: a draft cannot recur.
    expect((await call('PUT', `/invoices/${draft.body.id}/recurrence`, {})).status).toBe(409);
    const origin = await call('POST', `/invoices/${draft.body.id}/issue`, {});
    expect(origin.body).toMatchObject({ fullNumber: 'INV-0001', issueDate: '2027-01-26' });
    const path = `/invoices/${origin.body.id}/recurrence`;
    expect((await call('GET', path)).status).toBe(404);

    const put = await call('PUT', path, {});
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      originId: origin.body.id,
      active: true,
      dayOfMonth: 26,
      startedOn: '2027-01-26',
      send: false,
      invoices: [],
      version: 1,
    });
    // Another tenant: not found.
    const stranger = await signUp();
    const foreign = await request('GET', path, { token: stranger, baseUrl });
    expect(foreign.status).toBe(404);
    // The scheduler's plan: Friday 26 February.
    await until(path, (body) => body.nextRunDate === '2027-02-26');

    // Billing and the scheduler go down; they come back on 3 May, with a second scheduler.
    await Promise.all([stop(billing), stop(scheduler)]);
    await Promise.all([start('billing', BACK_ON), start('scheduler', BACK_ON), start('scheduler', BACK_ON)]);
    const caughtUp = await until(path, (body) => body.invoices.length >= 3);
    // A duplicate would show up now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const view = await until(path, (body) => body.nextRunDate === '2027-05-26');
    expect(view.invoices).toEqual(caughtUp.invoices);
    expect(view.invoices.map(({ fullNumber, issueDate }: Body) => ({ fullNumber, issueDate }))).toEqual([
      { fullNumber: 'INV-0002', issueDate: '2027-02-26' },
      { fullNumber: 'INV-0003', issueDate: '2027-03-26' },
      { fullNumber: 'INV-0004', issueDate: '2027-04-26' }, // Monday
    ]);
    const dueDates = [];
    for (const made of view.invoices) {
      const invoice = await call('GET', `/invoices/${made.id}`);
      expect(invoice.body).toMatchObject({
        status: 'issued',
        recurrenceId: view.id,
        contactId: contact.body.id,
        totals: origin.body.totals,
      });
      dueDates.push(invoice.body.dueDate);
    }
    // The origin's 10-day term.
    expect(dueDates).toEqual(['2027-03-08', '2027-04-05', '2027-05-06']);
    const list = await call('GET', '/invoices?limit=200');
    expect(list.body.items).toHaveLength(4);

    // Stopped: even a scheduler that comes back much later makes nothing more.
    const stopped = await call('DELETE', path);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ active: false, nextRunDate: null, version: 2 });
    for (const handle of [...running].filter((h) => h.service === 'scheduler')) await stop(handle);
    await start('scheduler', MUCH_LATER);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await call('GET', path);
    expect(after.body).toMatchObject({ active: false, nextRunDate: null });
    expect(after.body.invoices).toHaveLength(3);
    expect((await call('GET', '/invoices?limit=200')).body.items).toHaveLength(4);
  });
});
