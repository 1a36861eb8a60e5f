import type { DocumentRecord } from '../documents/document.record';
import {
  assertCanRecur,
  firstPeriodAfter,
  periodBefore,
  previousPeriod,
  recurringDueDate,
  recurringIssueDate,
  startRecurrence,
  stopRecurrence,
} from './recurrence-rules';

const origin = (overrides: Partial<DocumentRecord> = {}) =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    tenantId: '00000000-0000-4000-8000-000000000002',
    status: 'issued',
    reversalOf: null,
    issueDate: '2027-01-26',
    dueDate: '2027-02-05',
    ...overrides,
  }) as DocumentRecord;

const context = (today: string) => ({
  today,
  timeZone: 'Europe/Bucharest',
  country: 'RO',
  now: new Date(`${today}T08:00:00Z`),
});

describe('recurrence rules', () => {
  it('lets only an issued (or paid) invoice that is not a storno and not reversed recur', () => {
    expect(() => assertCanRecur(origin())).not.toThrow();
    expect(() => assertCanRecur(origin({ status: 'paid' }))).not.toThrow();
    for (const status of ['draft', 'trashed', 'reversed'] as const)
      expect(() => assertCanRecur(origin({ status }))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => assertCanRecur(origin({ reversalOf: origin().id }))).toThrow(/storno/);
  });

  it('runs on the day of the month it was switched on, from the month after', () => {
    const { recurrence, changed } = startRecurrence(null, origin(), undefined, context('2027-01-31'));
    expect(changed).toBe(true);
    expect(recurrence).toMatchObject({
      active: true,
      dayOfMonth: 31,
      startedOn: '2027-01-31',
      send: false,
      version: 1,
    });
    expect(firstPeriodAfter('2027-01-31')).toBe('2027-02');
    expect(firstPeriodAfter('2027-12-02')).toBe('2028-01');
  });

  it('counts every change in version and leaves an unchanged recurrence alone', () => {
    const { recurrence: v1 } = startRecurrence(null, origin(), false, context('2027-01-26'));
    expect(startRecurrence(v1, origin(), false, context('2027-01-27'))).toEqual({
      recurrence: v1,
      changed: false,
    });
    expect(startRecurrence(v1, origin(), undefined, context('2027-01-27')).changed).toBe(false);
    const { recurrence: v2 } = startRecurrence(v1, origin(), true, context('2027-01-27'));
    // Changing `send` keeps the day it runs on.
    expect(v2).toMatchObject({ id: v1.id, send: true, version: 2, dayOfMonth: 26 });
    const { recurrence: v3 } = stopRecurrence(v2, new Date('2027-01-28T08:00:00Z'));
    expect(v3).toMatchObject({ active: false, version: 3 });
    expect(stopRecurrence(v3, new Date()).changed).toBe(false);
    // Started again: from today, as if switched on now; `send` kept unless given.
    const { recurrence: v4 } = startRecurrence(v3, origin(), undefined, context('2027-02-03'));
    expect(v4).toMatchObject({
      id: v1.id,
      active: true,
      dayOfMonth: 3,
      startedOn: '2027-02-03',
      send: true,
      version: 4,
    });
  });

  it('dates a run on its run date unless the series already went past it', () => {
    expect(recurringIssueDate('2027-02-26', null)).toEqual({ issueDate: '2027-02-26', moved: false });
    expect(recurringIssueDate('2027-02-26', '2027-02-26')).toEqual({ issueDate: '2027-02-26', moved: false });
    expect(recurringIssueDate('2027-02-26', '2027-03-03')).toEqual({ issueDate: '2027-03-03', moved: true });
  });

  it("is due after the origin's payment term", () => {
    expect(recurringDueDate(origin(), '2027-02-26', 14)).toBe('2027-03-08');
    expect(recurringDueDate(origin({ dueDate: null }), '2027-02-26', 14)).toBe('2027-03-12');
  });

  it('knows which period comes before, within one activation', () => {
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(previousPeriod('2027-10')).toBe('2027-09');
    expect(periodBefore('2027-01-26', '2027-02')).toBeNull();
    expect(periodBefore('2027-01-26', '2027-03')).toBe('2027-02');
  });
});
