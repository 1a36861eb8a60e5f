import Holidays from 'date-holidays';

/**
 * Public holidays by country from `date-holidays` (maintained rules, moving feasts included), not
 * from a hand-made list. Only type `public` counts: bank holidays and observances are working days.
 * A country the library does not know has no holidays (weekends still move the run).
 */
const cache = new Map<string, ReadonlySet<string>>();

function holidaysOf(country: string, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  let days = cache.get(key);
  if (!days) {
    // An unknown country gives an empty list, not an error.
    const holidays = new Holidays(country.toUpperCase()).getHolidays(year) ?? [];
    days = new Set(
      holidays
        .filter((holiday) => holiday.type === 'public')
        // `date` is the local day as "YYYY-MM-DD hh:mm:ss": its first ten characters are the day.
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    cache.set(key, days);
  }
  return days;
}

/** True when `date` (`YYYY-MM-DD`) is a public holiday in `country` (ISO 3166-1 alpha-2). */
export function isPublicHoliday(country: string, date: string): boolean {
  return holidaysOf(country, Number(date.slice(0, 4))).has(date);
}
