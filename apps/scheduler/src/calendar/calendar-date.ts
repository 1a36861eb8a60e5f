/**
 * Plain calendar dates (`YYYY-MM-DD`) and periods (`YYYY-MM`). A run date is a day, not an instant,
 * so all arithmetic happens on year/month/day integers (and, for weekdays and day steps, on UTC
 * midnights, which no daylight-saving change can move). Only `todayIn` looks at an instant, and it
 * turns it into the day it is in one named time zone.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface YearMonth {
  year: number;
  /** 1 = January … 12 = December. */
  month: number;
}

export interface Ymd extends YearMonth {
  day: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDate({ year, month, day }: Ymd): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function parseDate(text: string): Ymd {
  const match = DATE.exec(text);
  const ymd = match && { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!ymd || ymd.month < 1 || ymd.month > 12 || ymd.day < 1 || ymd.day > daysInMonth(ymd.year, ymd.month))
    throw new Error(`not a calendar date: "${text}"`);
  return ymd;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
}

export function formatPeriod({ year, month }: YearMonth): string {
  return `${pad(year, 4)}-${pad(month)}`;
}

export function parsePeriod(text: string): YearMonth {
  const match = PERIOD.exec(text);
  const period = match && { year: Number(match[1]), month: Number(match[2]) };
  if (!period || period.month < 1 || period.month > 12) throw new Error(`not a period: "${text}"`);
  return period;
}

/** The period `months` after `period` (negative: before). */
export function addMonths(period: string, months: number): string {
  const { year, month } = parsePeriod(period);
  const index = year * 12 + (month - 1) + months;
  return formatPeriod({ year: Math.floor(index / 12), month: (index % 12) + 1 });
}

/** The period (month) a date falls in. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** The calendar day `now` falls on in `timeZone` (an IANA name such as "Europe/Bucharest"). */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
