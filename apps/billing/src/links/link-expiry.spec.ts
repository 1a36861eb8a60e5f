import { endOfDayIn } from './link-expiry';

describe('the end of a day in the tenant’s time zone', () => {
  it('is the next midnight there, as an instant', () => {
    expect(endOfDayIn('Europe/Bucharest', '2026-12-26').toISOString()).toBe('2026-12-26T22:00:00.000Z');
    expect(endOfDayIn('UTC', '2026-12-26').toISOString()).toBe('2026-12-27T00:00:00.000Z');
    expect(endOfDayIn('America/New_York', '2026-12-26').toISOString()).toBe('2026-12-27T05:00:00.000Z');
  });

  it('follows daylight saving time (Bucharest is UTC+3 in summer)', () => {
    expect(endOfDayIn('Europe/Bucharest', '2026-07-01').toISOString()).toBe('2026-07-01T21:00:00.000Z');
    // The night the clocks go forward (29 March 2026) and back (25 October 2026).
    expect(endOfDayIn('Europe/Bucharest', '2026-03-28').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(endOfDayIn('Europe/Bucharest', '2026-10-25').toISOString()).toBe('2026-10-25T22:00:00.000Z');
  });
});
