import { addDays, addMonths, dayOfWeek, daysInMonth, parseDate, todayIn } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    [2027, 1, 31],
    [2027, 2, 28],
    [2028, 2, 29],
    [2100, 2, 28], // divisible by 100, not by 400: not a leap year
    [2000, 2, 29],
    [2027, 4, 30],
    [2027, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it.each([
    ['2027-01-31', 0],
    ['2027-07-31', 6],
    ['2027-08-02', 1],
    ['2028-02-29', 2],
  ])('%s is weekday %i (0 = Sunday)', (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday);
  });

  it('steps days across month and year ends and the leap day', () => {
    expect(addDays('2027-07-31', 2)).toBe('2027-08-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-12-31', 1)).toBe('2029-01-01');
    // A daylight-saving change (Europe: last Sunday of March) changes nothing for a day count.
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
  });

  it('steps months across year ends', () => {
    expect(addMonths('2027-12', 1)).toBe('2028-01');
    expect(addMonths('2028-01', -1)).toBe('2027-12');
    expect(addMonths('2027-01', 24)).toBe('2029-01');
  });

  it('refuses dates that do not exist', () => {
    expect(() => parseDate('2027-02-29')).toThrow();
    expect(() => parseDate('2027-13-01')).toThrow();
    expect(() => parseDate('31.01.2027')).toThrow();
    expect(parseDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('says what day it is in the tenant time zone, not in UTC', () => {
    const lateEvening = new Date('2027-01-31T23:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2027-01-31');
    expect(todayIn('Europe/Bucharest', lateEvening)).toBe('2027-02-01'); // UTC+2
    expect(todayIn('America/New_York', new Date('2027-03-01T03:00:00Z'))).toBe('2027-02-28');
    // Around the spring change (Bucharest moves to UTC+3 on 28 March 2027 at 01:00 UTC).
    expect(todayIn('Europe/Bucharest', new Date('2027-03-28T21:30:00Z'))).toBe('2027-03-29');
    expect(todayIn('Europe/Bucharest', new Date('2027-03-27T21:30:00Z'))).toBe('2027-03-27');
  });
});
