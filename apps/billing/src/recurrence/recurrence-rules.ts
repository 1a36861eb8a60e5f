import { randomUUID } from 'node:crypto';
import type { RecurrenceInvoiceView, RecurrenceView } from '@app/contracts';
import { conflict } from '@app/platform';
import { addDays, daysBetween } from '../documents/business-date';
import type { DocumentRecord } from '../documents/document.record';
import type { RecurrenceRecord } from './recurrences.repository';

/**
 * The rules of recurring invoices that billing owns (SPEC.md, "Recurring invoices"), apart from
 * I/O. The calendar (which day each period runs) is the scheduler's.
 */

/** 409 unless the invoice can be an origin: issued (or paid), not a storno, not reversed. */
export function assertCanRecur(origin: DocumentRecord): void {
  if (origin.status === 'draft' || origin.status === 'trashed')
    throw conflict('Only an issued invoice can recur; issue the draft first');
  if (origin.reversalOf) throw conflict('A storno invoice cannot recur');
  if (origin.status === 'reversed') throw conflict('A reversed invoice cannot recur');
  if (origin.status !== 'issued' && origin.status !== 'paid')
    throw conflict(`An invoice in status ${origin.status} cannot recur`);
}

/** The tenant's context a recurrence is published with (SPEC: runs are judged in its time zone). */
export interface RecurrenceContext {
  today: string;
  timeZone: string;
  country: string | null;
  now: Date;
}

/**
 * PUT: a new recurrence, a stopped one started again (from today, as if switched on now), or a
 * running one whose `send` changes. `changed` is false when nothing changes (no new version, no
 * event).
 */
export function startRecurrence(
  existing: RecurrenceRecord | null,
  origin: DocumentRecord,
  send: boolean | undefined,
  context: RecurrenceContext,
): { recurrence: RecurrenceRecord; changed: boolean } {
  const { today, timeZone, country, now } = context;
  if (existing?.active) {
    if (send === undefined || send === existing.send) return { recurrence: existing, changed: false };
    return {
      recurrence: { ...existing, send, version: existing.version + 1, updatedAt: now },
      changed: true,
    };
  }
  const switchedOn = {
    active: true,
    dayOfMonth: Number(today.slice(8, 10)),
    startedOn: today,
    timeZone,
    // A tenant setting can turn this on later; the scheduler already knows the holiday calendars.
    skipHolidays: false,
    country,
    updatedAt: now,
  };
  if (existing)
    return {
      recurrence: { ...existing, ...switchedOn, send: send ?? existing.send, version: existing.version + 1 },
      changed: true,
    };
  return {
    recurrence: {
      id: randomUUID(),
      tenantId: origin.tenantId,
      originId: origin.id,
      send: send ?? false,
      version: 1,
      createdAt: now,
      ...switchedOn,
    },
    changed: true,
  };
}

/** DELETE: stopped (again: unchanged). */
export function stopRecurrence(
  existing: RecurrenceRecord,
  now: Date,
): { recurrence: RecurrenceRecord; changed: boolean } {
  if (!existing.active) return { recurrence: existing, changed: false };
  return {
    recurrence: { ...existing, active: false, version: existing.version + 1, updatedAt: now },
    changed: true,
  };
}

export function toRecurrenceView(
  recurrence: RecurrenceRecord,
  invoices: RecurrenceInvoiceView[],
  nextRunDate: string | null,
): RecurrenceView {
  return {
    id: recurrence.id,
    originId: recurrence.originId,
    active: recurrence.active,
    dayOfMonth: recurrence.dayOfMonth,
    startedOn: recurrence.startedOn,
    nextRunDate: recurrence.active ? nextRunDate : null,
    send: recurrence.send,
    invoices,
    timeZone: recurrence.timeZone,
    skipHolidays: recurrence.skipHolidays,
    country: recurrence.country,
    version: recurrence.version,
    updatedAt: recurrence.updatedAt.toISOString(),
  };
}

/**
 * The issue date of a period's invoice: its run date (SPEC), unless the invoice series already has
 * a later issue date (a catch-up after downtime, or periods handled out of order, while other
 * invoices were issued). Numbers follow issue dates and a series never goes back, so such an
 * invoice is dated the series' last issue date instead, and says so in its internal name.
 */
export function recurringIssueDate(
  runDate: string,
  lastIssueDate: string | null,
): { issueDate: string; moved: boolean } {
  if (lastIssueDate && runDate < lastIssueDate) return { issueDate: lastIssueDate, moved: true };
  return { issueDate: runDate, moved: false };
}

/** Due date = issue date + the origin's payment term (its due date − its issue date). */
export function recurringDueDate(origin: DocumentRecord, issueDate: string, defaultTermDays: number): string {
  const term = origin.dueDate ? daysBetween(origin.issueDate, origin.dueDate) : defaultTermDays;
  return addDays(issueDate, Math.max(term, 0));
}

/** The internal (never printed) name: which period it is for, and why its date moved if it did. */
export function recurringName(
  buyerName: string,
  issueDate: string,
  period: string,
  runDate: string,
  moved: boolean,
): string {
  const base = `Invoice – ${buyerName} – ${issueDate} – recurring ${period}`;
  return moved ? `${base} (run date ${runDate}; dated later to follow the series)` : base;
}

/** `YYYY-MM` of the month before `period`. */
export function previousPeriod(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The first period of a recurrence switched on on `startedOn`: the month after (the origin is that month's). */
export function firstPeriodAfter(startedOn: string): string {
  const year = Number(startedOn.slice(0, 4));
  const month = Number(startedOn.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * The period whose invoice should come before `period`'s, if this activation has one: the
 * scheduler emits every period from the first on, in order, so that one's due event is already
 * on its way.
 */
export function periodBefore(startedOn: string, period: string): string | null {
  const previous = previousPeriod(period);
  return previous >= firstPeriodAfter(startedOn) ? previous : null;
}
