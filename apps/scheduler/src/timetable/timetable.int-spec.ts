import { randomUUID } from 'node:crypto';
import {
  EVENTS_EXCHANGE,
  type EventEnvelope,
  RECURRENCE_EVENT_PAYLOADS,
  type RecurrenceDueV1,
  type RecurrenceView,
} from '@app/contracts';
import { type DomainError, FixedClock, validatePayload } from '@app/platform';
import { brokerChannel, EventSubscriber } from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import { deleteSchedulerQueues, type SchedulerTestApp, startScheduler } from '../../test/scheduler-test-app';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;

describe('scheduler: recurrence due exactly once per period', () => {
  // Both instances read the same hand-set clock, as two processes read the same wall clock.
  const clock = new FixedClock(new Date('2027-01-31T08:00:00Z'));
  let first: SchedulerTestApp;
  let second: SchedulerTestApp;
  let due: EventSubscriber;
  let publisher: Awaited<ReturnType<typeof brokerChannel>>;
  const tenants: string[] = [];
  const newTenant = () => {
    const tenantId = randomUUID();
    tenants.push(tenantId);
    return tenantId;
  };

  beforeAll(async () => {
    // Queues of this file's own, so a running stack's scheduler takes none of these events.
    process.env.AMQP_QUEUE_PREFIX = `test-${randomUUID().slice(0, 8)}.`;
    // Ticks are called by the tests, not by a timer (one still runs at start, harmlessly).
    process.env.SCHEDULER_TICK_MS = '0';
    due = await EventSubscriber.bind('scheduler.recurrence.due');
    publisher = await brokerChannel();
    first = await startScheduler(clock);
    second = await startScheduler(clock);
  });

  afterAll(async () => {
    // The tenants' timetable rows go; a later run's ticks then have nothing of ours to look at.
    await first?.dataSource.query('DELETE FROM scheduler.emissions WHERE tenant_id = ANY($1::uuid[])', [
      tenants,
    ]);
    await first?.dataSource.query('DELETE FROM scheduler.recurrences WHERE tenant_id = ANY($1::uuid[])', [
      tenants,
    ]);
    await Promise.all([first?.close(), second?.close()]);
    await due?.close();
    await publisher?.connection.close().catch(() => undefined);
    await deleteSchedulerQueues();
    delete process.env.AMQP_QUEUE_PREFIX;
    delete process.env.SCHEDULER_TICK_MS;
  });

  function recurrence(overrides: Partial<RecurrenceView> = {}): RecurrenceView {
    return {
      id: randomUUID(),
      originId: randomUUID(),
      active: true,
      dayOfMonth: 31,
      startedOn: '2027-01-31',
      nextRunDate: '2027-03-01',
      send: false,
      invoices: [],
      timeZone: 'Europe/Bucharest',
      skipHolidays: false,
      country: 'RO',
      version: 1,
      updatedAt: '2027-01-31T08:00:00.000Z',
      ...overrides,
    };
  }

  /** Publishes billing's event the way billing's outbox relay does; returns the envelope id. */
  function publish(
    tenantId: string,
    type: 'billing.recurrence.started' | 'billing.recurrence.stopped',
    view: RecurrenceView,
    id: string = randomUUID(),
  ): string {
    const envelope: EventEnvelope = {
      id,
      type,
      version: 1,
      occurredAt: view.updatedAt,
      tenantId,
      correlationId: id,
      data: { recurrence: view },
    };
    publisher.channel.publish(EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), {
      messageId: id,
      type,
      persistent: true,
      contentType: 'application/json',
    });
    return id;
  }

  const timetable = (tenantId: string, recurrenceId: string) =>
    first.rpc.send('scheduler.recurrences.get', { recurrenceId }, { tenantId });

  /** Waits until the scheduler has recorded this version of the recurrence. */
  async function recorded(tenantId: string, view: RecurrenceView) {
    return waitFor(`recurrence ${view.id} v${view.version} in the timetable`, async () => {
      const entry = await timetable(tenantId, view.id).catch(() => null);
      return entry && entry.version === view.version ? entry : null;
    });
  }

  async function start(tenantId: string, view: RecurrenceView) {
    publish(tenantId, 'billing.recurrence.started', view);
    return recorded(tenantId, view);
  }

  async function handled(eventId: string): Promise<void> {
    await waitFor(`event ${eventId} handled`, async () => {
      const rows = await first.dataSource.query<unknown[]>(
        'SELECT 1 FROM scheduler.inbox WHERE event_id = $1',
        [eventId],
      );
      return rows.length > 0;
    });
  }

  /** The due events received on the test's own queue for one recurrence, in arrival order. */
  const dueFor = (recurrenceId: string) =>
    due.messages
      .map(
        (message) => JSON.parse(message.content.toString('utf8')) as EventEnvelope<string, RecurrenceDueV1>,
      )
      .filter((event) => event.data.recurrenceId === recurrenceId);

  async function waitForDue(recurrenceId: string, count: number) {
    const events = await waitFor(`${count} due events of ${recurrenceId}`, () => {
      const found = dueFor(recurrenceId);
      return found.length >= count ? found : null;
    });
    // Anything published twice would arrive right behind: give it a moment to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return events;
  }

  /** Sets the clock to 08:00 UTC (10:00 in Bucharest) on `date`. */
  const at = (date: string, time = '08:00:00') => clock.set(new Date(`${date}T${time}Z`));

  it('emits each period of a recurrence on the 31st on its run date, once, in order', async () => {
    const tenantId = newTenant();
    const view = recurrence();
    at('2027-01-31');
    await start(tenantId, view);

    // Walk day by day from February to August 2027 and note the day each period is emitted.
    const emittedOn: Record<string, string> = {};
    for (
      let day = Date.parse('2027-02-01T08:00:00Z');
      day <= Date.parse('2027-08-31T08:00:00Z');
      day += DAY_MS
    ) {
      clock.set(new Date(day));
      for (const run of await first.job.tick())
        if (run.recurrenceId === view.id) emittedOn[run.period] = new Date(day).toISOString().slice(0, 10);
    }

    const expected = [
      { period: '2027-02', runDate: '2027-03-01' }, // last day Sun 28 Feb → Mon 1 Mar
      { period: '2027-03', runDate: '2027-03-31' },
      { period: '2027-04', runDate: '2027-04-30' },
      { period: '2027-05', runDate: '2027-05-31' },
      { period: '2027-06', runDate: '2027-06-30' },
      { period: '2027-07', runDate: '2027-08-02' }, // Sat 31 Jul → Mon 2 Aug, still July's invoice
      { period: '2027-08', runDate: '2027-08-31' }, // from the 31st again, not from the 2nd
    ];
    const events = await waitForDue(view.id, expected.length);
    expect(events.map((event) => event.data)).toEqual(
      expected.map((run) => ({ recurrenceId: view.id, ...run })),
    );
    expect(
      events.every((event) => event.tenantId === tenantId && event.type === 'scheduler.recurrence.due'),
    ).toBe(true);
    // Exactly the contract's payload, nothing more (validatePayload refuses unknown fields).
    for (const event of events)
      await validatePayload(RECURRENCE_EVENT_PAYLOADS['scheduler.recurrence.due'][1], event.data);
    // Emitted on the run date itself, neither earlier nor later.
    expect(emittedOn).toEqual(Object.fromEntries(expected.map((run) => [run.period, run.runDate])));

    const entry = await timetable(tenantId, view.id);
    expect(entry).toMatchObject({
      active: true,
      lastPeriodEmitted: '2027-08',
      nextPeriod: '2027-09',
      nextRunDate: '2027-09-30',
    });
    expect(entry.emissions.map((emission) => emission.period)).toEqual(expected.map((run) => run.period));
  });

  it('judges the run date in the recurrence time zone', async () => {
    const tenantId = newTenant();
    const bucharest = recurrence({ timeZone: 'Europe/Bucharest' });
    const utc = recurrence({ timeZone: 'UTC' });
    at('2027-01-31');
    await start(tenantId, bucharest);
    await start(tenantId, utc);

    // 22:30 UTC on Sunday 28 Feb is already 00:30 on Monday 1 March in Bucharest.
    at('2027-02-28', '22:30:00');
    await first.job.tick();
    expect((await waitForDue(bucharest.id, 1)).map((event) => event.data.period)).toEqual(['2027-02']);
    expect(dueFor(utc.id)).toEqual([]);

    at('2027-03-01', '00:00:00');
    await first.job.tick();
    expect((await waitForDue(utc.id, 1)).map((event) => event.data.runDate)).toEqual(['2027-03-01']);
  });

  it('catches up three missed run dates once each, in order, when it comes back', async () => {
    const tenantId = newTenant();
    const view = recurrence({ dayOfMonth: 15, startedOn: '2027-01-15', nextRunDate: '2027-02-15' });
    at('2027-01-20');
    await start(tenantId, view);
    await first.job.tick();

    // Down from 20 January to Sunday 16 May: the runs of 15 Feb, 15 Mar and 15 Apr were missed;
    // May's (Sat 15 → Mon 17) has not come yet.
    at('2027-05-16');
    const [a, b] = await Promise.all([first.job.tick(), second.job.tick()]);
    expect([...a, ...b].filter((run) => run.recurrenceId === view.id)).toHaveLength(3);
    expect(await first.job.tick()).toEqual([]);

    const events = await waitForDue(view.id, 3);
    expect(events.map((event) => event.data)).toEqual([
      { recurrenceId: view.id, period: '2027-02', runDate: '2027-02-15' },
      { recurrenceId: view.id, period: '2027-03', runDate: '2027-03-15' },
      { recurrenceId: view.id, period: '2027-04', runDate: '2027-04-15' },
    ]);

    at('2027-05-17');
    await second.job.tick();
    expect((await waitForDue(view.id, 4)).map((event) => event.data.period)).toEqual([
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
    ]);
  });

  it('two instances ticking at once over 24 months emit every period exactly once', async () => {
    const tenantId = newTenant();
    // Days that exercise the month-end rules, all switched on in December 2026.
    const views = [28, 29, 30, 31, 2, 15].map((dayOfMonth) =>
      recurrence({ dayOfMonth, startedOn: `2026-12-${String(dayOfMonth).padStart(2, '0')}` }),
    );
    at('2026-12-31');
    for (const view of views) await start(tenantId, view);

    let emittedByTicks = 0;
    // Three days at a time (weekends and shifted runs land between steps) through 2027 and 2028, up
    // to Monday 1 January 2029, the run date of December 2028 for the 30th and 31st.
    const end = Date.parse('2029-01-01T08:00:00Z');
    const steps: number[] = [];
    for (let day = Date.parse('2027-01-01T08:00:00Z'); day < end; day += 3 * DAY_MS) steps.push(day);
    for (const day of [...steps, end]) {
      clock.set(new Date(day));
      const results = await Promise.all([
        first.job.tick(),
        second.job.tick(),
        first.job.tick(),
        second.job.tick(),
      ]);
      emittedByTicks += results
        .flat()
        .filter((run) => views.some((view) => view.id === run.recurrenceId)).length;
    }

    const periods = [
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2027-${m}`),
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2028-${m}`),
    ];
    expect(emittedByTicks).toBe(views.length * 24);
    for (const view of views) {
      const events = await waitForDue(view.id, 24);
      expect(events.map((event) => event.data.period)).toEqual(periods);
      expect(new Set(events.map((event) => event.id)).size).toBe(24);
    }
    const claims = await first.dataSource.query<Array<{ n: string }>>(
      'SELECT count(*) AS n FROM scheduler.emissions WHERE tenant_id = $1',
      [tenantId],
    );
    expect(Number(claims[0].n)).toBe(views.length * 24);
  });

  it('emits nothing more once stopped, and a late "started" does not bring it back', async () => {
    const tenantId = newTenant();
    const view = recurrence({ dayOfMonth: 10, startedOn: '2027-01-10', nextRunDate: '2027-02-10' });
    at('2027-01-10');
    await start(tenantId, view);
    at('2027-02-10');
    await first.job.tick();
    await waitForDue(view.id, 1);

    const stopped = { ...view, active: false, nextRunDate: null, version: 2 };
    publish(tenantId, 'billing.recurrence.stopped', stopped);
    expect(await recorded(tenantId, stopped)).toMatchObject({ active: false, nextRunDate: null });

    // The first "started" delivered again, late, under another event id: older than the stop.
    await handled(publish(tenantId, 'billing.recurrence.started', view));
    expect(await timetable(tenantId, view.id)).toMatchObject({ active: false, version: 2 });

    at('2027-06-30');
    await Promise.all([first.job.tick(), second.job.tick()]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dueFor(view.id).map((event) => event.data.period)).toEqual(['2027-02']);
  });

  it('switched on again, continues after the periods it already emitted', async () => {
    const tenantId = newTenant();
    const view = recurrence({ dayOfMonth: 10, startedOn: '2027-01-10', nextRunDate: '2027-02-10' });
    at('2027-01-10');
    await start(tenantId, view);
    at('2027-02-10');
    await first.job.tick();
    publish(tenantId, 'billing.recurrence.stopped', { ...view, active: false, version: 2 });
    await recorded(tenantId, { ...view, version: 2 });

    // Started again on 11 February: the next invoice is March's, on the 11th.
    at('2027-02-11');
    const again = { ...view, dayOfMonth: 11, startedOn: '2027-02-11', version: 3 };
    expect(await start(tenantId, again)).toMatchObject({
      active: true,
      nextPeriod: '2027-03',
      nextRunDate: '2027-03-11',
    });
    at('2027-03-11');
    await first.job.tick();
    expect((await waitForDue(view.id, 2)).map((event) => event.data)).toEqual([
      { recurrenceId: view.id, period: '2027-02', runDate: '2027-02-10' },
      { recurrenceId: view.id, period: '2027-03', runDate: '2027-03-11' },
    ]);
  });

  it('a redelivered "started" event changes nothing', async () => {
    const tenantId = newTenant();
    const view = recurrence({ dayOfMonth: 5, startedOn: '2027-01-05', nextRunDate: '2027-02-05' });
    at('2027-01-05');
    const eventId = randomUUID();
    publish(tenantId, 'billing.recurrence.started', view, eventId);
    await recorded(tenantId, view);
    at('2027-03-05');
    await first.job.tick();
    await waitForDue(view.id, 2);
    const before = await timetable(tenantId, view.id);

    // The same message again (a redelivery), and the same version under a new id (a republish).
    publish(tenantId, 'billing.recurrence.started', view, eventId);
    await handled(publish(tenantId, 'billing.recurrence.started', view));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await timetable(tenantId, view.id)).toEqual(before);
    expect(await first.job.tick()).toEqual([]);
    expect(dueFor(view.id).map((event) => event.data.period)).toEqual(['2027-02', '2027-03']);
  });

  it('applies the tenant holiday rule when asked', async () => {
    const tenantId = newTenant();
    const view = recurrence({
      dayOfMonth: 1,
      startedOn: '2027-11-01',
      nextRunDate: '2027-12-02',
      skipHolidays: true,
      country: 'RO',
    });
    at('2027-11-01');
    await start(tenantId, view);
    at('2027-12-01'); // Romania's national day: no run
    expect((await first.job.tick()).filter((run) => run.recurrenceId === view.id)).toEqual([]);
    at('2027-12-02');
    await first.job.tick();
    expect((await waitForDue(view.id, 1)).map((event) => event.data.runDate)).toEqual(['2027-12-02']);
  });

  it('never emits a claimed period again, even if the timetable forgot it had', async () => {
    // The claim table is the last word: were the recurrence row wrong (restored from an old backup,
    // say), the primary key on (recurrence, period) still refuses a second emission.
    const tenantId = newTenant();
    const view = recurrence({ dayOfMonth: 20, startedOn: '2027-01-20', nextRunDate: '2027-02-22' });
    at('2027-01-20');
    await start(tenantId, view);
    at('2027-03-22');
    await first.job.tick();
    await waitForDue(view.id, 2);
    await first.dataSource.query(
      `UPDATE scheduler.recurrences SET last_period_emitted = NULL, next_period = '2027-02', next_run_date = '2027-02-22'
       WHERE recurrence_id = $1`,
      [view.id],
    );

    expect(await first.job.tick()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dueFor(view.id).map((event) => event.data.period)).toEqual(['2027-02', '2027-03']);
    expect(await timetable(tenantId, view.id)).toMatchObject({
      lastPeriodEmitted: '2027-03',
      nextPeriod: '2027-04',
    });
  });

  it("answers another tenant's recurrence as not found", async () => {
    const tenantId = newTenant();
    const view = recurrence();
    at('2027-01-31');
    await start(tenantId, view);
    await expect(timetable(randomUUID(), view.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    } satisfies Partial<DomainError>);
  });
});
