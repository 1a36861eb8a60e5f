import { addDays, daysBetween, isCalendarDate, todayIn } from './business-date';

describe('business dates', () => {
  it('takes today in the tenant’s time zone, not in UTC', () => {
    // 22:30 UTC on 26 November is already 27 November in Bucharest (UTC+2).
    const instant = new Date('2026-11-26T22:30:00Z');
    expect(todayIn('Europe/Bucharest', instant)).toBe('2026-11-27');
    expect(todayIn('UTC', instant)).toBe('2026-11-26');
    expect(todayIn('America/New_York', instant)).toBe('2026-11-26');
  });

  it('adds days across month ends, leap days and daylight-saving changes', () => {
    expect(addDays('2026-11-26', 14)).toBe('2026-12-10');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-01-31', 0)).toBe('2026-01-31');
    expect(daysBetween('2026-10-20', '2026-11-03')).toBe(14);
    expect(daysBetween('2026-11-03', '2026-10-20')).toBe(-14);
  });

  it('knows which days exist', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('26-01-01')).toBe(false);
  });
});
