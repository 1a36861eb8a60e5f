import { randomUUID } from 'node:crypto';
import {
  EVENTS_EXCHANGE,
  type DocumentView,
  type EventEnvelope,
  type RecurrenceView,
  type RpcCaller,
} from '@app/contracts';
import { brokerChannel } from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  completeSeller,
  createContact,
  failure,
  IssuedEventsTap,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

jest.setTimeout(120_000);

const LINE = {
  name: 'Hosting',
  unit: 'pcs',
  quantity: '1',
  unitPrice: '100',
  vatRate: '21',
  saveToCatalogue: false,
};

/**
 * Billing's half of recurring invoices, with the scheduler played by the test: the due events are
 * published on the broker as the scheduler's outbox does. No scheduler runs here, so `nextRunDate`
 * is null (billing answers without it rather than failing). Dates are in 2027, after the real
 * clock, so no real scheduler on the same broker ever finds these recurrences due.
 */
describe('recurring invoices (billing)', () => {
  let h: DocumentsHarness;
  let recurrenceEvents: IssuedEventsTap;
  let publisher: Awaited<ReturnType<typeof brokerChannel>>;
  // Tuesday 26 January 2027, 10:00 in Bucharest.
  const NOW = new Date('2027-01-26T08:00:00Z');
  const tenants: string[] = [];

  beforeAll(async () => {
    // Two billing instances on one queue: every due event below may go to either.
    h = await startDocumentsHarness({ instances: 2, now: NOW });
    recurrenceEvents = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.recurrence.*');
    publisher = await brokerChannel();
  });
  afterAll(async () => {
    // A scheduler sharing this broker and database (a running test stack) may have put these
    // recurrences in its timetable; leave nothing there for a later clock to find due.
    if (h && tenants.length) {
      const [{ exists }] = await h.dataSource.query<Array<{ exists: boolean }>>(
        `SELECT to_regclass('scheduler.recurrences') IS NOT NULL AS exists`,
      );
      if (exists) {
        await h.dataSource.query('DELETE FROM scheduler.emissions WHERE tenant_id = ANY($1::uuid[])', [
          tenants,
        ]);
        await h.dataSource.query('DELETE FROM scheduler.recurrences WHERE tenant_id = ANY($1::uuid[])', [
          tenants,
        ]);
      }
    }
    await recurrenceEvents?.close();
    await publisher?.connection.close().catch(() => undefined);
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const put = (caller: RpcCaller, id: string, options: { send?: boolean } = {}) =>
    h.rpc.send('billing.invoices.recurrence.start', { id, options }, caller);
  const get = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.invoices.recurrence.get', { id }, caller);
  const stop = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.invoices.recurrence.stop', { id }, caller);
  const invoice = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.documents.get', { kind: 'invoice', id }, caller);

  /** A tenant ready to issue, and its first invoice issued today, due in 10 days. */
  async function origin(overrides: { send?: boolean } = {}) {
    const caller = newCaller();
    tenants.push(caller.tenantId);
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
        document: { contactId: contact.id, dueDate: '2027-02-05', notes: 'Monthly hosting', lines: [LINE] },
      },
      caller,
    );
    const issued = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: overrides },
      caller,
    );
    return { caller, contact, origin: issued };
  }

  /** Publishes the scheduler's due event; returns its id. */
  function due(
    tenantId: string,
    data: { recurrenceId: string; period: string; runDate: string },
    id = randomUUID(),
  ) {
    const envelope: EventEnvelope = {
      id,
      type: 'scheduler.recurrence.due',
      version: 1,
      occurredAt: h.clock.now().toISOString(),
      tenantId,
      correlationId: id,
      data,
    };
    publisher.channel.publish(EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
      messageId: id,
      type: envelope.type,
      persistent: true,
      contentType: 'application/json',
    });
    return id;
  }

  /** Waits until billing has handled (committed) these events. */
  async function handled(...eventIds: string[]): Promise<void> {
    await waitFor(`events ${eventIds.join(', ')} handled`, async () => {
      const rows = await h.dataSource.query<unknown[]>(
        'SELECT 1 FROM billing.inbox WHERE event_id = ANY($1::uuid[])',
        [eventIds],
      );
      return rows.length === eventIds.length;
    });
  }

  const invoicesOf = async (tenantId: string, recurrenceId: string) =>
    h.dataSource.query<Array<{ id: string; full_number: string; issue_date: string; due_date: string }>>(
      `SELECT id, full_number, issue_date::text AS issue_date, due_date::text AS due_date FROM billing.documents
        WHERE tenant_id = $1 AND recurrence_id = $2 ORDER BY number`,
      [tenantId, recurrenceId],
    );

  async function publishedRecurrences(tenantId: string, count: number): Promise<EventEnvelope[]> {
    const events = await waitFor(`${count} recurrence events of ${tenantId}`, () => {
      const found = recurrenceEvents.of(tenantId);
      return found.length >= count ? found : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recurrenceEvents.of(tenantId)).toHaveLength(count);
    return events;
  }

  it('is switched on from an issued invoice, on the day of the month it was switched on', async () => {
    const { caller, origin: issued } = await origin();
    const view = await put(caller, issued.id);
    expect(view).toEqual({
      id: expect.any(String),
      originId: issued.id,
      active: true,
      dayOfMonth: 26,
      startedOn: '2027-01-26',
      // No scheduler answers in this test: unknown, not an error.
      nextRunDate: null,
      send: false,
      invoices: [],
      timeZone: 'Europe/Bucharest',
      skipHolidays: false,
      country: 'RO',
      version: 1,
      updatedAt: NOW.toISOString(),
    } satisfies RecurrenceView);
    expect(await get(caller, issued.id)).toEqual(view);
    const [started] = await publishedRecurrences(caller.tenantId, 1);
    expect(started).toMatchObject({ type: 'billing.recurrence.started', data: { recurrence: view } });
  });

  it('PUT again changes only `send`, DELETE stops it, PUT on a stopped one starts it again from today', async () => {
    const { caller, origin: issued } = await origin();
    const first = await put(caller, issued.id);
    // Nothing to change: the same recurrence, no new version, no event.
    expect(await put(caller, issued.id, { send: false })).toEqual(first);

    h.clock.set(new Date('2027-01-27T08:00:00Z'));
    const sending = await put(caller, issued.id, { send: true });
    expect(sending).toMatchObject({
      id: first.id,
      send: true,
      version: 2,
      dayOfMonth: 26,
      startedOn: '2027-01-26',
    });

    const stopped = await stop(caller, issued.id);
    expect(stopped).toMatchObject({ id: first.id, active: false, nextRunDate: null, version: 3, send: true });
    // Stopping again changes nothing.
    expect(await stop(caller, issued.id)).toEqual(stopped);
    expect(await get(caller, issued.id)).toEqual(stopped);

    h.clock.set(new Date('2027-02-03T08:00:00Z'));
    const again = await put(caller, issued.id);
    expect(again).toMatchObject({
      id: first.id,
      active: true,
      dayOfMonth: 3,
      startedOn: '2027-02-03',
      send: true,
      version: 4,
    });

    const events = await publishedRecurrences(caller.tenantId, 4);
    expect(
      events.map((event) => [event.type, (event.data as { recurrence: RecurrenceView }).recurrence.version]),
    ).toEqual([
      ['billing.recurrence.started', 1],
      ['billing.recurrence.started', 2],
      ['billing.recurrence.stopped', 3],
      ['billing.recurrence.started', 4],
    ]);
  });

  it('refuses drafts, stornos and reversed invoices (409), and another tenant sees nothing (404)', async () => {
    const { caller, contact, origin: issued } = await origin();
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: contact.id, lines: [LINE] } },
      caller,
    );
    expect(await failure(put(caller, draft.id))).toMatchObject({ code: 'CONFLICT' });
    const storno = await h.rpc.send('billing.invoices.reverse', { id: issued.id, options: {} }, caller);
    expect(await failure(put(caller, storno.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(put(caller, issued.id))).toMatchObject({ code: 'CONFLICT' });

    const other = await origin();
    await put(other.caller, other.origin.id);
    const stranger = newCaller();
    for (const call of [put, get, stop])
      expect(await failure(call(stranger, other.origin.id))).toMatchObject({ code: 'NOT_FOUND' });
    // An invoice that never recurred, and a proforma's id, are not found either.
    expect(await failure(get(caller, draft.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(stop(caller, randomUUID()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await get(other.caller, other.origin.id)).toMatchObject({ active: true, version: 1 });
  });

  it('issues one invoice per period, dated on the run date, due after the origin’s term, buyer refreshed', async () => {
    const { caller, contact, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id);
    // The buyer moved since the origin: the copy takes the address crm has now.
    await h.rpc.send(
      'crm.contacts.update',
      { id: contact.id, changes: { address: { ...contact.address, street: 'Str. Nouă 5' } } },
      caller,
    );
    h.clock.set(new Date('2027-02-26T06:00:00Z'));
    const data = { recurrenceId: recurrence.id, period: '2027-02', runDate: '2027-02-26' };
    const eventId = due(caller.tenantId, data);
    // The same message redelivered, and the same period published again under a new id.
    due(caller.tenantId, data, eventId);
    const repeat = due(caller.tenantId, data);
    await handled(eventId, repeat);

    const made = await invoicesOf(caller.tenantId, recurrence.id);
    expect(made).toHaveLength(1);
    const copy = await invoice(caller, made[0].id);
    expect(copy).toMatchObject({
      status: 'issued',
      fullNumber: 'INV-0002',
      issueDate: '2027-02-26',
      // The origin: 26 January, due 5 February: 10 days.
      dueDate: '2027-03-08',
      recurrenceId: recurrence.id,
      contactId: contact.id,
      currency: issued.currency,
      paymentMethod: issued.paymentMethod,
      notes: 'Monthly hosting',
      totals: issued.totals,
      delivery: expect.objectContaining({ status: 'not_sent' }),
    });
    expect(copy.buyer.address.street).toBe('Str. Nouă 5');
    expect(
      copy.lines.map(({ name, unit, quantity, unitPrice, vatRate, net }) => ({
        name,
        unit,
        quantity,
        unitPrice,
        vatRate,
        net,
      })),
    ).toEqual(
      issued.lines.map(({ name, unit, quantity, unitPrice, vatRate, net }) => ({
        name,
        unit,
        quantity,
        unitPrice,
        vatRate,
        net,
      })),
    );
    expect(copy.name).toContain('recurring 2027-02');
    expect(await get(caller, issued.id)).toMatchObject({
      invoices: [{ id: copy.id, fullNumber: 'INV-0002', issueDate: '2027-02-26' }],
    });
    // Published as issued, once, with its number (documents renders and files it from this).
    await waitFor('the issued event of the copy', () =>
      h.events
        .of(caller.tenantId)
        .some((event) => (event.data as { document: DocumentView }).document.id === copy.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const issuedEvents = h.events
      .of(caller.tenantId)
      .filter((event) => (event.data as { document: DocumentView }).document.id === copy.id);
    expect(issuedEvents).toHaveLength(1);
    expect(issuedEvents[0]).toMatchObject({ type: 'billing.invoice.issued', data: { document: copy } });
  });

  it('gives every period exactly one invoice, gap-free, when many due events race on two instances', async () => {
    const { caller, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id);
    h.clock.set(new Date('2027-07-01T08:00:00Z'));
    const periods = [
      { period: '2027-02', runDate: '2027-02-26' },
      { period: '2027-03', runDate: '2027-03-26' },
      { period: '2027-04', runDate: '2027-04-26' },
      { period: '2027-05', runDate: '2027-05-26' },
      { period: '2027-06', runDate: '2027-06-28' },
    ];
    // Each period three times, under different ids, all at once.
    const ids = [0, 1, 2].flatMap(() =>
      periods.map((run) => due(caller.tenantId, { recurrenceId: recurrence.id, ...run })),
    );
    await handled(...ids);
    const made = await invoicesOf(caller.tenantId, recurrence.id);
    expect(made.map((row) => row.full_number)).toEqual([
      'INV-0002',
      'INV-0003',
      'INV-0004',
      'INV-0005',
      'INV-0006',
    ]);
    // Each dated on its run date: a period waits for the one before it, so numbers and dates go
    // up together however the events were spread over the instances.
    expect(made.map((row) => row.issue_date)).toEqual(periods.map((run) => run.runDate));
    const runs = await h.dataSource.query<Array<{ period: string; status: string; invoice_id: string }>>(
      `SELECT period, status, invoice_id FROM billing.recurrence_runs WHERE recurrence_id = $1 ORDER BY period`,
      [recurrence.id],
    );
    expect(runs).toEqual(
      made.map((row, index) => ({ period: periods[index].period, status: 'issued', invoice_id: row.id })),
    );
    for (const row of made) expect(row.due_date).toBe(addDays(row.issue_date, 10));
    const settings = await h.rpc.send('billing.settings.get', {}, caller);
    expect(settings.series.invoice.nextNumber).toBe(7);
  });

  it('keeps the series in date order: a run date before the last issued invoice is issued on that later date', async () => {
    const { caller, contact, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id);
    // Billing was busy elsewhere: an invoice dated 3 March is issued before February's run is handled.
    h.clock.set(new Date('2027-03-03T08:00:00Z'));
    const later = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: contact.id, lines: [LINE] } },
      caller,
    );
    await h.rpc.send('billing.documents.issue', { kind: 'invoice', id: later.id, options: {} }, caller);
    await handled(
      due(caller.tenantId, { recurrenceId: recurrence.id, period: '2027-02', runDate: '2027-02-26' }),
    );
    const [made] = await invoicesOf(caller.tenantId, recurrence.id);
    const copy = await invoice(caller, made.id);
    expect(copy).toMatchObject({ fullNumber: 'INV-0003', issueDate: '2027-03-03', dueDate: '2027-03-13' });
    expect(copy.name).toContain('run date 2027-02-26');
  });

  it('sends each invoice when the recurrence says so', async () => {
    const { caller, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id, { send: true });
    h.clock.set(new Date('2027-02-26T08:00:00Z'));
    await handled(
      due(caller.tenantId, { recurrenceId: recurrence.id, period: '2027-02', runDate: '2027-02-26' }),
    );
    const [made] = await invoicesOf(caller.tenantId, recurrence.id);
    // Queued for the documents service (which, if one runs on this broker, may have sent it already).
    const { delivery } = await invoice(caller, made.id);
    expect(delivery.to).toBeNull();
    expect(['queued', 'sent']).toContain(delivery.status);
  });

  it('makes nothing once stopped, and ignores recurrences it does not know', async () => {
    const { caller, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id);
    await stop(caller, issued.id);
    h.clock.set(new Date('2027-02-26T08:00:00Z'));
    await handled(
      due(caller.tenantId, { recurrenceId: recurrence.id, period: '2027-02', runDate: '2027-02-26' }),
      due(caller.tenantId, { recurrenceId: randomUUID(), period: '2027-02', runDate: '2027-02-26' }),
    );
    expect(await invoicesOf(caller.tenantId, recurrence.id)).toEqual([]);
    expect(await get(caller, issued.id)).toMatchObject({ active: false, invoices: [] });
    const settings = await h.rpc.send('billing.settings.get', {}, caller);
    expect(settings.series.invoice.nextNumber).toBe(2);
  });

  it('records a run the compliance check refuses as failed, uses no number, and does not retry it', async () => {
    const { caller, origin: issued } = await origin();
    const recurrence = await put(caller, issued.id);
    // The origin's 21 % is no longer allowed: its copy cannot be issued as it is.
    await h.rpc.send('billing.settings.update', { vatRates: ['11', '0'] }, caller);
    h.clock.set(new Date('2027-02-26T08:00:00Z'));
    const eventId = due(caller.tenantId, {
      recurrenceId: recurrence.id,
      period: '2027-02',
      runDate: '2027-02-26',
    });
    await handled(eventId);
    const [run] = await h.dataSource.query<
      Array<{ status: string; invoice_id: string | null; problems: unknown }>
    >('SELECT status, invoice_id, problems FROM billing.recurrence_runs WHERE recurrence_id = $1', [
      recurrence.id,
    ]);
    expect(run).toMatchObject({
      status: 'failed',
      invoice_id: null,
      problems: [expect.objectContaining({ path: 'lines.0.vatRate' })],
    });
    expect(await invoicesOf(caller.tenantId, recurrence.id)).toEqual([]);
    expect((await h.rpc.send('billing.settings.get', {}, caller)).series.invoice.nextNumber).toBe(2);
    // Handled once: it went nowhere near the retry or dead-letter queues.
    const [{ n }] = await h.dataSource.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM billing.inbox WHERE event_id = $1',
      [eventId],
    );
    expect(n).toBe(1);
  });
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
