import { dayOfWeek } from './calendar-date';
import {
  firstPeriod,
  nextRunDate,
  periodsDue,
  runDateFor,
  type RecurrenceSchedule,
} from './recurrence-calendar';

/** [period, expected run date]: every month of 2027 and 2028, the leap February 2028 included. */
type Table = Array<[string, string]>;

const runsOn = (day: number, period: string, rule = {}) =>
  runDateFor(day, Number(period.slice(0, 4)), Number(period.slice(5, 7)), rule);

// Expected dates read off a printed calendar; the comments name the nominal day that moved.
const TWO_YEARS: Record<number, Table> = {
  31: [
    ['2027-01', '2027-02-01'], // Sun 31 → Mon 1 Feb: the January run happens in February
    ['2027-02', '2027-03-01'], // 28 days: last day Sun 28 → Mon 1 Mar
    ['2027-03', '2027-03-31'],
    ['2027-04', '2027-04-30'], // 30 days: last day
    ['2027-05', '2027-05-31'],
    ['2027-06', '2027-06-30'],
    ['2027-07', '2027-08-02'], // Sat 31 → Mon 2 Aug
    ['2027-08', '2027-08-31'], // back on the 31st, not the 2nd: computed from the original day
    ['2027-09', '2027-09-30'],
    ['2027-10', '2027-11-01'], // Sun 31
    ['2027-11', '2027-11-30'],
    ['2027-12', '2027-12-31'],
    ['2028-01', '2028-01-31'],
    ['2028-02', '2028-02-29'], // leap year: 29 days, Tuesday
    ['2028-03', '2028-03-31'],
    ['2028-04', '2028-05-01'], // last day Sun 30
    ['2028-05', '2028-05-31'],
    ['2028-06', '2028-06-30'],
    ['2028-07', '2028-07-31'],
    ['2028-08', '2028-08-31'],
    ['2028-09', '2028-10-02'], // last day Sat 30
    ['2028-10', '2028-10-31'],
    ['2028-11', '2028-11-30'],
    ['2028-12', '2029-01-01'], // Sun 31 → Mon 1 Jan: into the next year, still December's run
  ],
  30: [
    ['2027-01', '2027-02-01'], // Sat 30
    ['2027-02', '2027-03-01'], // last day Sun 28
    ['2027-03', '2027-03-30'],
    ['2027-04', '2027-04-30'],
    ['2027-05', '2027-05-31'], // Sun 30 → Mon 31, same month
    ['2027-06', '2027-06-30'],
    ['2027-07', '2027-07-30'],
    ['2027-08', '2027-08-30'],
    ['2027-09', '2027-09-30'],
    ['2027-10', '2027-11-01'], // Sat 30
    ['2027-11', '2027-11-30'],
    ['2027-12', '2027-12-30'],
    ['2028-01', '2028-01-31'], // Sun 30
    ['2028-02', '2028-02-29'], // last day of the leap February
    ['2028-03', '2028-03-30'],
    ['2028-04', '2028-05-01'], // Sun 30
    ['2028-05', '2028-05-30'],
    ['2028-06', '2028-06-30'],
    ['2028-07', '2028-07-31'], // Sun 30
    ['2028-08', '2028-08-30'],
    ['2028-09', '2028-10-02'], // Sat 30
    ['2028-10', '2028-10-30'],
    ['2028-11', '2028-11-30'],
    ['2028-12', '2029-01-01'], // Sat 30
  ],
  29: [
    ['2027-01', '2027-01-29'],
    ['2027-02', '2027-03-01'], // no 29 Feb in 2027: last day Sun 28 → Mon 1 Mar
    ['2027-03', '2027-03-29'],
    ['2027-04', '2027-04-29'],
    ['2027-05', '2027-05-31'], // Sat 29
    ['2027-06', '2027-06-29'],
    ['2027-07', '2027-07-29'],
    ['2027-08', '2027-08-30'], // Sun 29
    ['2027-09', '2027-09-29'],
    ['2027-10', '2027-10-29'],
    ['2027-11', '2027-11-29'],
    ['2027-12', '2027-12-29'],
    ['2028-01', '2028-01-31'], // Sat 29
    ['2028-02', '2028-02-29'], // the day exists in 2028
    ['2028-03', '2028-03-29'],
    ['2028-04', '2028-05-01'], // Sat 29
    ['2028-05', '2028-05-29'],
    ['2028-06', '2028-06-29'],
    ['2028-07', '2028-07-31'], // Sat 29
    ['2028-08', '2028-08-29'],
    ['2028-09', '2028-09-29'],
    ['2028-10', '2028-10-30'], // Sun 29
    ['2028-11', '2028-11-29'],
    ['2028-12', '2028-12-29'],
  ],
  28: [
    ['2027-01', '2027-01-28'],
    ['2027-02', '2027-03-01'], // Sun 28
    ['2027-03', '2027-03-29'], // Sun 28
    ['2027-04', '2027-04-28'],
    ['2027-05', '2027-05-28'],
    ['2027-06', '2027-06-28'],
    ['2027-07', '2027-07-28'],
    ['2027-08', '2027-08-30'], // Sat 28
    ['2027-09', '2027-09-28'],
    ['2027-10', '2027-10-28'],
    ['2027-11', '2027-11-29'], // Sun 28
    ['2027-12', '2027-12-28'],
    ['2028-01', '2028-01-28'],
    ['2028-02', '2028-02-28'], // the 28th, not the leap day
    ['2028-03', '2028-03-28'],
    ['2028-04', '2028-04-28'],
    ['2028-05', '2028-05-29'], // Sun 28
    ['2028-06', '2028-06-28'],
    ['2028-07', '2028-07-28'],
    ['2028-08', '2028-08-28'],
    ['2028-09', '2028-09-28'],
    ['2028-10', '2028-10-30'], // Sat 28
    ['2028-11', '2028-11-28'],
    ['2028-12', '2028-12-28'],
  ],
  15: [
    ['2027-01', '2027-01-15'],
    ['2027-02', '2027-02-15'],
    ['2027-03', '2027-03-15'],
    ['2027-04', '2027-04-15'],
    ['2027-05', '2027-05-17'], // Sat 15
    ['2027-06', '2027-06-15'],
    ['2027-07', '2027-07-15'],
    ['2027-08', '2027-08-16'], // Sun 15
    ['2027-09', '2027-09-15'],
    ['2027-10', '2027-10-15'],
    ['2027-11', '2027-11-15'],
    ['2027-12', '2027-12-15'],
    ['2028-01', '2028-01-17'], // Sat 15
    ['2028-02', '2028-02-15'],
    ['2028-03', '2028-03-15'],
    ['2028-04', '2028-04-17'], // Sat 15
    ['2028-05', '2028-05-15'],
    ['2028-06', '2028-06-15'],
    ['2028-07', '2028-07-17'], // Sat 15
    ['2028-08', '2028-08-15'],
    ['2028-09', '2028-09-15'],
    ['2028-10', '2028-10-16'], // Sun 15
    ['2028-11', '2028-11-15'],
    ['2028-12', '2028-12-15'],
  ],
  1: [
    ['2027-01', '2027-01-01'], // a public holiday, but holidays are off by default
    ['2027-02', '2027-02-01'],
    ['2027-03', '2027-03-01'],
    ['2027-04', '2027-04-01'],
    ['2027-05', '2027-05-03'], // Sat 1
    ['2027-06', '2027-06-01'],
    ['2027-07', '2027-07-01'],
    ['2027-08', '2027-08-02'], // Sun 1
    ['2027-09', '2027-09-01'],
    ['2027-10', '2027-10-01'],
    ['2027-11', '2027-11-01'],
    ['2027-12', '2027-12-01'],
    ['2028-01', '2028-01-03'], // Sat 1
    ['2028-02', '2028-02-01'],
    ['2028-03', '2028-03-01'],
    ['2028-04', '2028-04-03'], // Sat 1
    ['2028-05', '2028-05-01'],
    ['2028-06', '2028-06-01'],
    ['2028-07', '2028-07-03'], // Sat 1
    ['2028-08', '2028-08-01'],
    ['2028-09', '2028-09-01'],
    ['2028-10', '2028-10-02'], // Sun 1
    ['2028-11', '2028-11-01'],
    ['2028-12', '2028-12-01'],
  ],
};

describe('run dates over 2027 and 2028', () => {
  for (const [day, table] of Object.entries(TWO_YEARS)) {
    describe(`a recurrence on day ${day}`, () => {
      it.each(table)(`runs for %s on %s`, (period, expected) => {
        expect(runsOn(Number(day), period)).toBe(expected);
      });
    });
  }

  it('never runs on a Saturday or Sunday', () => {
    for (let day = 1; day <= 31; day++)
      for (const year of [2027, 2028])
        for (let month = 1; month <= 12; month++)
          expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(runDateFor(day, year, month)));
  });

  it.each([
    // [day, period, last day of the month, run date]
    [29, '2027-02', '2027-02-28', '2027-03-01'], // the last day is Sunday: Monday after it
    [30, '2027-02', '2027-02-28', '2027-03-01'],
    [31, '2027-02', '2027-02-28', '2027-03-01'],
    [30, '2028-02', '2028-02-29', '2028-02-29'],
    [31, '2028-02', '2028-02-29', '2028-02-29'],
    [31, '2027-04', '2027-04-30', '2027-04-30'],
    [31, '2027-06', '2027-06-30', '2027-06-30'],
    [31, '2027-09', '2027-09-30', '2027-09-30'],
    [31, '2027-11', '2027-11-30', '2027-11-30'],
    [31, '2028-09', '2028-09-30', '2028-10-02'], // the last day is Saturday
  ])('day %i, missing from %s, falls back to its last day %s and runs on %s', (day, period, _last, run) => {
    expect(runsOn(day, period)).toBe(run);
  });

  it('refuses a day of month outside 1–31', () => {
    expect(() => runDateFor(0, 2027, 1)).toThrow();
    expect(() => runDateFor(32, 2027, 1)).toThrow();
    expect(() => runDateFor(1.5, 2027, 1)).toThrow();
  });
});

describe('public holidays (optional, by country)', () => {
  const RO = { skipHolidays: true, country: 'RO' };

  it.each([
    // [day, period, with RO holidays, why]
    [1, '2027-12', '2027-12-02', 'Wed 1 Dec (national day) → Thu 2'],
    [1, '2027-01', '2027-01-04', 'Fri 1 Jan (New Year) → Sat, Sun → Mon 4'],
    [6, '2028-01', '2028-01-10', 'Thu 6 and Fri 7 Jan (Epiphany, St John) → Sat, Sun → Mon 10'],
    [25, '2028-12', '2028-12-27', 'Mon 25 and Tue 26 Dec (Christmas) → Wed 27'],
    [25, '2027-12', '2027-12-27', 'Sat 25, Sun 26 Dec: weekend and holidays alike → Mon 27'],
    [14, '2028-04', '2028-04-18', 'Good Friday 14 Apr, Sat, Easter Sunday, Easter Monday → Tue 18'],
    [
      31,
      '2027-04',
      '2027-05-04',
      'last day Fri 30 Apr (Good Friday), 1 May, Sun, Easter Monday 3 May → Tue 4 May',
    ],
    [30, '2028-11', '2028-12-04', 'Thu 30 Nov (St Andrew), Fri 1 Dec (national day), weekend → Mon 4 Dec'],
    [15, '2027-03', '2027-03-15', 'an ordinary Monday stays'],
  ])('day %i of %s runs on %s (%s)', (day, period, expected) => {
    expect(runsOn(day, period, RO)).toBe(expected);
  });

  it('is off by default: a holiday on a weekday is a run date', () => {
    expect(runsOn(1, '2027-12')).toBe('2027-12-01');
    expect(runsOn(1, '2027-12', { country: 'RO' })).toBe('2027-12-01');
    expect(runsOn(25, '2028-12', { skipHolidays: false, country: 'RO' })).toBe('2028-12-25');
  });

  it('keeps to weekends when the country is unknown or missing', () => {
    expect(runsOn(1, '2027-12', { skipHolidays: true, country: null })).toBe('2027-12-01');
    expect(runsOn(1, '2027-12', { skipHolidays: true, country: 'XX' })).toBe('2027-12-01');
    expect(runsOn(1, '2027-05', { skipHolidays: true, country: 'XX' })).toBe('2027-05-03');
  });

  it('uses the country given: 1 Dec is a holiday in Romania, not in Germany', () => {
    expect(runsOn(1, '2027-12', { skipHolidays: true, country: 'DE' })).toBe('2027-12-01');
    expect(runsOn(3, '2027-10', { skipHolidays: true, country: 'DE' })).toBe('2027-10-04'); // Sun 3 Oct
    expect(runsOn(1, '2027-11', { skipHolidays: true, country: 'de' })).toBe('2027-11-01'); // not national
  });
});

describe('periods', () => {
  // Switched on 31 Jan 2027: the origin is January's invoice, so the first run is February's.
  const onThe31st: RecurrenceSchedule = { dayOfMonth: 31, startedOn: '2027-01-31' };

  it('starts with the month after the one it was switched on in', () => {
    expect(firstPeriod(onThe31st)).toBe('2027-02');
    expect(firstPeriod({ dayOfMonth: 15, startedOn: '2027-12-15' })).toBe('2028-01');
    expect(nextRunDate(onThe31st, null)).toEqual({ period: '2027-02', runDate: '2027-03-01' });
  });

  it('has nothing due before the first run date', () => {
    expect(periodsDue(onThe31st, null, '2027-01-31')).toEqual([]);
    // February's nominal run (Sun 28 Feb) moved to Monday: not due on the Sunday.
    expect(periodsDue(onThe31st, null, '2027-02-28')).toEqual([]);
  });

  it('is due on the run date itself, not only after it', () => {
    expect(periodsDue(onThe31st, null, '2027-03-01')).toEqual([{ period: '2027-02', runDate: '2027-03-01' }]);
  });

  it('computes each run from the original day, never from a shifted one', () => {
    // July's run moves from Sat 31 Jul to Mon 2 Aug; August's is still the 31st, not 2 September.
    const july = { period: '2027-07', runDate: '2027-08-02' };
    expect(periodsDue(onThe31st, '2027-06', '2027-08-02')).toEqual([july]);
    expect(nextRunDate(onThe31st, '2027-07')).toEqual({ period: '2027-08', runDate: '2027-08-31' });
    expect(periodsDue(onThe31st, '2027-07', '2027-08-30')).toEqual([]);
  });

  it('lists every missed period once, oldest first, when the scheduler comes back late (catch-up)', () => {
    expect(periodsDue(onThe31st, '2027-02', '2027-08-02')).toEqual([
      { period: '2027-03', runDate: '2027-03-31' },
      { period: '2027-04', runDate: '2027-04-30' },
      { period: '2027-05', runDate: '2027-05-31' },
      { period: '2027-06', runDate: '2027-06-30' },
      { period: '2027-07', runDate: '2027-08-02' },
    ]);
  });

  it('gives 23 periods over two years for one switched on in January 2027 (Feb 2027 … Dec 2028)', () => {
    const due = periodsDue(onThe31st, null, '2029-01-01');
    expect(due.map((run) => run.period)).toEqual([
      ...['02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2027-${m}`),
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2028-${m}`),
    ]);
    expect(due.map((run) => run.runDate)).toEqual(TWO_YEARS[31].slice(1).map(([, date]) => date));
    // Run dates only ever grow, so "everything due by today" is a prefix of the periods.
    for (let i = 1; i < due.length; i++) expect(due[i].runDate > due[i - 1].runDate).toBe(true);
  });

  it('stops at the limit and continues from there', () => {
    const first = periodsDue(onThe31st, null, '2029-01-01', 5);
    expect(first.map((run) => run.period)).toEqual(['2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
    expect(periodsDue(onThe31st, '2027-06', '2027-08-02', 5)[0].period).toBe('2027-07');
  });

  it('switched on again later, continues after what it made and no earlier than the new start', () => {
    const restarted = { dayOfMonth: 10, startedOn: '2027-06-10' };
    expect(nextRunDate(restarted, '2027-02')).toEqual({ period: '2027-07', runDate: '2027-07-12' }); // Sat 10
    expect(nextRunDate(restarted, '2027-09').period).toBe('2027-10');
  });

  it('applies the holiday rule to catch-up runs too', () => {
    const romanian = { dayOfMonth: 1, startedOn: '2027-10-01', skipHolidays: true, country: 'RO' };
    expect(periodsDue(romanian, null, '2028-01-31')).toEqual([
      { period: '2027-11', runDate: '2027-11-01' },
      { period: '2027-12', runDate: '2027-12-02' },
      { period: '2028-01', runDate: '2028-01-03' }, // Sat 1 Jan → Mon 3
    ]);
  });
});
