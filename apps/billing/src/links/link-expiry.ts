import { addDays } from '../documents/business-date';

/** Links of invoices and proformas work this long after they are made. */
export const LINK_LIFETIME_DAYS = 90;

/** Minutes `timeZone` is ahead of UTC at `instant` (Bucharest in winter: 120). */
function offsetMinutes(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant `date` ends in `timeZone`: midnight at the start of the next day there. An offer
 * valid until 2026-12-26 in Bucharest can be answered until 2026-12-26T22:00:00Z.
 */
export function endOfDayIn(timeZone: string, date: string): Date {
  const midnightUtc = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  // Guess with the offset at UTC midnight, then correct once for a daylight-saving change between.
  let instant = midnightUtc - offsetMinutes(timeZone, new Date(midnightUtc)) * 60_000;
  instant = midnightUtc - offsetMinutes(timeZone, new Date(instant)) * 60_000;
  return new Date(instant);
}
