// class-transformer's @Type reads decorator metadata when these classes are defined.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsObject,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/**
 * Recurring invoices (SPEC.md, "Recurring invoices"): billing owns the definition and the invoices
 * it makes; the scheduler owns the timetable. Billing publishes `billing.recurrence.started` and
 * `billing.recurrence.stopped` with the recurrence as it is after the change; the scheduler keeps
 * its timetable from them and publishes `scheduler.recurrence.due` once per period; billing answers
 * that with the period's invoice, at most one per (recurrence, period) under a unique key.
 */
export const RECURRENCE_EVENTS = {
  started: 'billing.recurrence.started',
  stopped: 'billing.recurrence.stopped',
  due: 'scheduler.recurrence.due',
} as const;

/** A calendar date, `YYYY-MM-DD`. */
export const CALENDAR_DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A recurrence period: the month an invoice is for, `YYYY-MM`. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const NullableField = () => ValidateIf((_object: unknown, value: unknown) => value !== null);

/** One invoice a recurrence made: enough for the origin's page to list and link it. */
export class RecurrenceInvoiceView {
  @IsUUID() id!: string;
  @IsString() fullNumber!: string;
  @Matches(CALENDAR_DATE_PATTERN) issueDate!: string;
}

/**
 * A recurrence as `GET /invoices/{id}/recurrence` answers it and as its events carry it.
 *
 * Fields beyond API.md's list are there for the scheduler (and harmless to show):
 * - `timeZone`: the tenant's IANA time zone when the event was published; "today" and so a run
 *   date's arrival are judged in it (a run on the 1st starts at 00:00 on the 1st there).
 * - `skipHolidays`, `country`: when the tenant asked for it (off by default), a run date that is a
 *   public holiday of `country` (ISO 3166-1 alpha-2, the seller's country) moves to the next
 *   business day, as weekends do.
 * - `version`: grows by one at every change of the recurrence (start, stop, start again, `send`
 *   changed). Events may arrive out of order; a subscriber keeps the highest version it has seen and
 *   ignores older ones.
 * - `updatedAt`: the instant of that change.
 */
export class RecurrenceView {
  @IsUUID() id!: string;
  /** The issued invoice the recurrence copies. */
  @IsUUID() originId!: string;
  @IsBoolean() active!: boolean;
  /** The day of the month it was switched on (1–31); months without that day run on their last day. */
  @IsInt() @Min(1) @Max(31) dayOfMonth!: number;
  /**
   * The tenant's date when it was switched on; its `dayOfMonth` is this date's day. The origin is
   * that month's invoice, so the first run is in the month after.
   */
  @Matches(CALENDAR_DATE_PATTERN) startedOn!: string;
  /** The next run date after weekend (and, when asked, holiday) shifts; null once stopped. */
  @NullableField() @Matches(CALENDAR_DATE_PATTERN) nextRunDate!: string | null;
  /** Whether each invoice made is also emailed to the buyer. */
  @IsBoolean() send!: boolean;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecurrenceInvoiceView)
  invoices!: RecurrenceInvoiceView[];
  @IsString() @IsTimeZone() timeZone!: string;
  @IsBoolean() skipHolidays!: boolean;
  @NullableField() @IsISO31661Alpha2() country!: string | null;
  @IsInt() @Min(1) version!: number;
  @IsISO8601({ strict: true }) updatedAt!: string;
}

/**
 * `billing.recurrence.started` and `billing.recurrence.stopped`, version 1: the recurrence as it is
 * after the change (`active` true, respectively false). Started again (or its `send` changed), a
 * recurrence is published as started again with a higher `version`.
 */
export class RecurrenceChangedV1 {
  @IsObject() @ValidateNested() @Type(() => RecurrenceView) recurrence!: RecurrenceView;
}

/**
 * `scheduler.recurrence.due`, version 1: the run date of `period` (`YYYY-MM`, the month the invoice
 * is for) has arrived; billing issues that period's invoice with issue date `runDate`. Published
 * once per recurrence and period (a claim under a primary key in the scheduler's database), in
 * period order; a scheduler that was down publishes every missed period, oldest first, when it
 * comes back. `runDate` can fall in the month after `period` (a Saturday 31st runs on Monday the
 * 2nd) and still belongs to `period`. Billing must still key its invoice on (recurrenceId, period):
 * an event can be delivered twice.
 */
export class RecurrenceDueV1 {
  @IsUUID() recurrenceId!: string;
  @Matches(PERIOD_PATTERN) period!: string;
  @Matches(CALENDAR_DATE_PATTERN) runDate!: string;
}

export interface RecurrenceEventMap {
  'billing.recurrence.started': { version: 1; data: RecurrenceChangedV1 };
  'billing.recurrence.stopped': { version: 1; data: RecurrenceChangedV1 };
  'scheduler.recurrence.due': { version: 1; data: RecurrenceDueV1 };
}

/** The payload class of every recurrence event and version, for subscribers that validate them. */
export const RECURRENCE_EVENT_PAYLOADS = {
  'billing.recurrence.started': { 1: RecurrenceChangedV1 },
  'billing.recurrence.stopped': { 1: RecurrenceChangedV1 },
  'scheduler.recurrence.due': { 1: RecurrenceDueV1 },
} as const satisfies {
  [T in keyof RecurrenceEventMap]: Record<RecurrenceEventMap[T]['version'], new () => object>;
};

// ---------------------------------------------------------------------------------------------
// The scheduler's one query: its timetable entry of a recurrence (for ops, tests and billing).
// ---------------------------------------------------------------------------------------------

export class SchedulerRecurrenceRequest {
  @IsUUID() recurrenceId!: string;
}

/** The scheduler's view of one recurrence: what it will do next and what it has emitted. */
export interface SchedulerRecurrenceView {
  recurrenceId: string;
  originId: string;
  active: boolean;
  dayOfMonth: number;
  startedOn: string;
  timeZone: string;
  skipHolidays: boolean;
  country: string | null;
  send: boolean;
  version: number;
  /** The last period a due event was emitted for (`YYYY-MM`), null before the first. */
  lastPeriodEmitted: string | null;
  /** The next period and its run date, null while stopped. */
  nextPeriod: string | null;
  nextRunDate: string | null;
  /** Every due event emitted, oldest period first. */
  emissions: Array<{ period: string; runDate: string; emittedAt: string }>;
  updatedAt: string;
}

export type SchedulerRpcMap = {
  /** A recurrence of the caller's tenant; another tenant's id answers NOT_FOUND. */
  'scheduler.recurrences.get': { request: SchedulerRecurrenceRequest; response: SchedulerRecurrenceView };
};
