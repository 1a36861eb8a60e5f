import { ConfigError } from '@app/platform';

/** The scheduler's own settings, read once from the environment at boot. */
export interface SchedulerOptions {
  /** SCHEDULER_TICK_MS: how often the timetable is checked (default 30 s); 0 = only at start. */
  tickMs: number;
  /** SCHEDULER_BATCH: recurrences looked at per query of one tick. */
  batchSize: number;
}

export const SCHEDULER_OPTIONS = Symbol('SCHEDULER_OPTIONS');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}

export function loadSchedulerOptions(env: NodeJS.ProcessEnv = process.env): SchedulerOptions {
  return {
    tickMs: int(env, 'SCHEDULER_TICK_MS', 30_000, 0),
    batchSize: int(env, 'SCHEDULER_BATCH', 200, 1),
  };
}
