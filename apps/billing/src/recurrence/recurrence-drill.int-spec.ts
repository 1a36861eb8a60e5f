import type { RpcCaller } from '@app/contracts';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  deleteSchedulerQueues,
  type SchedulerTestApp,
  startScheduler,
} from '../../../scheduler/test/scheduler-test-app';
import {
  completeSeller,
  createContact,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

jest.setTimeout(300_000);

const DAY_MS = 86_400_000;

/**
 * QUALITY.md's drill in one process: two scheduler and two billing instances (and crm) on the real
 * database and broker, all on one hand-set clock, walked through 24 months (with a scheduler
 * outage of three months in the middle) → exactly 24 recurring invoices, each dated on the run date
 * the scheduler emitted, numbered gap-free in date order; stopped, no more.
 */
describe('recurring invoices: two schedulers and two billings over 24 months', () => {
  let h: DocumentsHarness;
  let schedulers: SchedulerTestApp[] = [];
  const tenants: string[] = [];

  beforeAll(async () => {
    // Ticks are called by the test (one still runs at start, harmlessly).
    process.env.SCHEDULER_TICK_MS = '0';
    // Tuesday 26 January 2027 in Bucharest; dates after the real clock, so no real scheduler on this
    // database finds these recurrences due.
    h = await startDocumentsHarness({ instances: 2, now: new Date('2027-01-26T08:00:00Z') });
    // Same queue prefix (set by the harness) and the same clock as the billing instances.
    schedulers = [await startScheduler(h.clock), await startScheduler(h.clock)];
  });

  afterAll(async () => {
    if (schedulers[0] && tenants.length) {
      await schedulers[0].dataSource.query(
        'DELETE FROM scheduler.emissions WHERE tenant_id = ANY($1::uuid[])',
        [tenants],
      );
      await schedulers[0].dataSource.query(
        'DELETE FROM scheduler.recurrences WHERE tenant_id = ANY($1::uuid[])',
        [tenants],
      );
    }
    await Promise.all(schedulers.map((scheduler) => scheduler.close()));
    if (h) await deleteSchedulerQueues();
    await h?.close();
    delete process.env.SCHEDULER_TICK_MS;
  });

  const timetable = (caller: RpcCaller, recurrenceId: string) =>
    h.rpc.send('scheduler.recurrences.get', { recurrenceId }, { tenantId: caller.tenantId });

  const made = (tenantId: string, recurrenceId: string) =>
    h.dataSource.query<Array<{ full_number: string; issue_date: string; due_date: string }>>(
      `SELECT full_number, issue_date::text AS issue_date, due_date::text AS due_date FROM billing.documents
        WHERE tenant_id = $1 AND recurrence_id = $2 ORDER BY number`,
      [tenantId, recurrenceId],
    );

  /** Both schedulers tick twice at once at `instant`; returns how many periods of ours they emitted. */
  async function tickAll(instant: number, recurrenceId: string): Promise<number> {
    h.clock.set(new Date(instant));
    const results = await Promise.all(
      schedulers.flatMap((scheduler) => [scheduler.job.tick(), scheduler.job.tick()]),
    );
    return results.flat().filter((run) => run.recurrenceId === recurrenceId).length;
  }

  it('makes exactly one invoice per period, on its run date, and none once stopped', async () => {
    const caller = newCaller();
    tenants.push(caller.tenantId);
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
        document: {
          contactId: contact.id,
          dueDate: '2027-02-05',
          lines: [{ name: 'Support plan', unit: 'pcs', quantity: '1', unitPrice: '250', vatRate: '21' }],
        },
      },
      caller,
    );
    const origin = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    const started = await h.rpc.send(
      'billing.invoices.recurrence.start',
      { id: origin.id, options: {} },
      caller,
    );
    // The answer carries the scheduler's plan: Friday 26 February.
    expect(started).toMatchObject({ active: true, dayOfMonth: 26, nextRunDate: '2027-02-26', version: 1 });

    let expected = 0;
    const walk = async (from: string, to: string, stepDays: number) => {
      for (
        let day = Date.parse(`${from}T08:00:00Z`);
        day <= Date.parse(`${to}T08:00:00Z`);
        day += stepDays * DAY_MS
      ) {
        expected += await tickAll(day, started.id);
        // Billing keeps up with what was emitted before time moves on.
        await waitFor(
          `${expected} recurring invoices`,
          async () => (await made(caller.tenantId, started.id)).length === expected,
        );
      }
    };
    // Twelve months, two days at a time.
    await walk('2027-01-27', '2028-01-31', 2);
    expect(expected).toBe(12);
    // The schedulers are down from 1 February to 1 May 2028: February, March and April are missed,
    // and caught up at once when they come back (both, racing), once each.
    await walk('2028-05-01', '2028-05-01', 1);
    expect(expected).toBe(15);
    await walk('2028-05-03', '2029-01-31', 2);
    expect(expected).toBe(24);

    const entry = await timetable(caller, started.id);
    const invoices = await made(caller.tenantId, started.id);
    expect(entry.emissions).toHaveLength(24);
    expect(invoices).toHaveLength(24);
    // Each invoice dated on the run date emitted for its period, due 10 days later like the origin,
    // and numbered INV-0002 … INV-0025 in that order.
    expect(invoices.map((invoice) => invoice.issue_date)).toEqual(
      entry.emissions.map((emission) => emission.runDate),
    );
    expect(invoices.map((invoice) => invoice.full_number)).toEqual(
      Array.from({ length: 24 }, (_, index) => `INV-${String(index + 2).padStart(4, '0')}`),
    );
    for (const invoice of invoices)
      expect(Date.parse(invoice.due_date) - Date.parse(invoice.issue_date)).toBe(10 * DAY_MS);
    const runs = await h.dataSource.query<Array<{ period: string; status: string }>>(
      'SELECT period, status FROM billing.recurrence_runs WHERE recurrence_id = $1 ORDER BY period',
      [started.id],
    );
    expect(runs.map((run) => run.period)).toEqual(entry.emissions.map((emission) => emission.period));
    expect(runs.every((run) => run.status === 'issued')).toBe(true);

    const view = await h.rpc.send('billing.invoices.recurrence.get', { id: origin.id }, caller);
    expect(view.invoices.map((invoice) => invoice.fullNumber)).toEqual(
      invoices.map((invoice) => invoice.full_number),
    );
    expect(view.nextRunDate).toBe(entry.nextRunDate);

    // Stopped: the scheduler hears of it, and nothing more is made.
    const stopped = await h.rpc.send('billing.invoices.recurrence.stop', { id: origin.id }, caller);
    expect(stopped).toMatchObject({ active: false, nextRunDate: null, version: 2 });
    await waitFor(
      'the scheduler to see the stop',
      async () => (await timetable(caller, started.id)).version === 2,
    );
    for (const day of ['2029-02-28', '2029-04-30', '2029-06-30'])
      await tickAll(Date.parse(`${day}T08:00:00Z`), started.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await made(caller.tenantId, started.id)).toHaveLength(24);
    expect((await timetable(caller, started.id)).emissions).toHaveLength(24);
  });
});
