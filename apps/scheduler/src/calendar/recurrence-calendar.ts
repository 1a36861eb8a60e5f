import {
  addDays,
  addMonths,
  daysInMonth,
  formatDate,
  formatPeriod,
  isWeekend,
  parseDate,
  parsePeriod,
} from './calendar-date';
import { isPublicHoliday } from './public-holidays';

/**
 * The calendar of a monthly recurrence (SPEC.md, "Recurring invoices"), as pure functions.
 *
 * - A recurrence switched on on day D of month M has day of month D. The origin invoice is month
 *   M's invoice, so the first period is M + 1 (switched on 2027-01-31: first run for 2027-02).
 * - The nominal run date of a period is day D of its month, or the month's last day when D does not
 *   exist in it (31 → 28 Feb, 29 Feb in a leap year, 30 Apr).
 * - A nominal run date on Saturday or Sunday (and, when the tenant asked for it, on a public holiday
 *   of its country) moves forward to the next business day. That day may be in the next month
 *   (Saturday 31 July → Monday 2 August): the run still belongs to, and is the invoice of, the
 *   original period; each period has exactly one run date.
 * - Every period's run date is computed from D, never from a shifted date: after 31 July →
 *   2 August comes 31 August, not 2 September.
 *
 * Run dates grow strictly from one period to the next (nominal dates are at least 28 days apart and
 * a shift is a few days at most), so "every period whose run date has arrived" is a prefix.
 */

export interface HolidayRule {
  /** Off by default: only weekends move a run. */
  skipHolidays?: boolean;
  /** ISO 3166-1 alpha-2; without it holidays cannot be skipped. */
  country?: string | null;
}

export interface RecurrenceSchedule extends HolidayRule {
  dayOfMonth: number;
  /** `YYYY-MM-DD`: the day it was switched on. */
  startedOn: string;
}

export interface DueRun {
  /** `YYYY-MM`: the month the invoice is for. */
  period: string;
  /** `YYYY-MM-DD`: the day it runs (issue date of the invoice). */
  runDate: string;
}

/** More shifting than any calendar needs (weekend + the longest run of holidays) means a bad rule. */
const MAX_SHIFT_DAYS = 15;

function isBusinessDay(date: string, rule: HolidayRule): boolean {
  if (isWeekend(date)) return false;
  return !(rule.skipHolidays && rule.country && isPublicHoliday(rule.country, date));
}

/** The run date (`YYYY-MM-DD`) of a recurrence on `dayOfMonth` for the period `year`-`month`. */
export function runDateFor(dayOfMonth: number, year: number, month: number, rule: HolidayRule = {}): string {
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)
    throw new Error(`day of month must be 1–31, got ${dayOfMonth}`);
  let date = formatDate({ year, month, day: Math.min(dayOfMonth, daysInMonth(year, month)) });
  for (let shifted = 0; !isBusinessDay(date, rule); shifted++) {
    if (shifted >= MAX_SHIFT_DAYS)
      throw new Error(`no business day within ${MAX_SHIFT_DAYS} days of ${date}`);
    date = addDays(date, 1);
  }
  return date;
}

/** The run date of `period` (`YYYY-MM`). */
export function runDateOfPeriod(schedule: RecurrenceSchedule, period: string): string {
  const { year, month } = parsePeriod(period);
  return runDateFor(schedule.dayOfMonth, year, month, schedule);
}

/** The first period a recurrence runs for: the month after the one it was switched on in. */
export function firstPeriod(schedule: RecurrenceSchedule): string {
  const started = parseDate(schedule.startedOn);
  return addMonths(formatPeriod(started), 1);
}

/**
 * The period after `lastEmittedPeriod`, but never before the first period: a recurrence stopped and
 * switched on again continues after what it already made and starts no earlier than its new start.
 */
export function nextPeriod(schedule: RecurrenceSchedule, lastEmittedPeriod: string | null): string {
  const first = firstPeriod(schedule);
  if (lastEmittedPeriod === null) return first;
  const following = addMonths(lastEmittedPeriod, 1);
  return following > first ? following : first;
}

/** The next run still to come: its period and run date. */
export function nextRunDate(schedule: RecurrenceSchedule, lastEmittedPeriod: string | null): DueRun {
  const period = nextPeriod(schedule, lastEmittedPeriod);
  return { period, runDate: runDateOfPeriod(schedule, period) };
}

/**
 * Every period after `lastEmittedPeriod` whose run date is on or before `today`, oldest first: one
 * after a normal tick, several when the scheduler was down over run dates (catch-up), none when the
 * next run date is still ahead. `limit` bounds one call; the rest come at the next.
 */
export function periodsDue(
  schedule: RecurrenceSchedule,
  lastEmittedPeriod: string | null,
  today: string,
  limit = 120,
): DueRun[] {
  parseDate(today);
  const due: DueRun[] = [];
  let run = nextRunDate(schedule, lastEmittedPeriod);
  while (run.runDate <= today && due.length < limit) {
    due.push(run);
    const period = addMonths(run.period, 1);
    run = { period, runDate: runDateOfPeriod(schedule, period) };
  }
  return due;
}
