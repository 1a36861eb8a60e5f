import { loadSchedulerOptions } from './scheduler.options';

describe('scheduler options', () => {
  it('ticks every 30 seconds unless told otherwise', () => {
    expect(loadSchedulerOptions({})).toEqual({ tickMs: 30_000, batchSize: 200 });
    expect(loadSchedulerOptions({ SCHEDULER_TICK_MS: '1000', SCHEDULER_BATCH: '10' })).toEqual({
      tickMs: 1000,
      batchSize: 10,
    });
  });

  it('accepts 0 (tick only at start) and refuses what is not a whole number', () => {
    expect(loadSchedulerOptions({ SCHEDULER_TICK_MS: '0' }).tickMs).toBe(0);
    expect(() => loadSchedulerOptions({ SCHEDULER_TICK_MS: '-1' })).toThrow(/SCHEDULER_TICK_MS/);
    expect(() => loadSchedulerOptions({ SCHEDULER_TICK_MS: '30s' })).toThrow(/SCHEDULER_TICK_MS/);
    expect(() => loadSchedulerOptions({ SCHEDULER_BATCH: '0' })).toThrow(/SCHEDULER_BATCH/);
  });
});
