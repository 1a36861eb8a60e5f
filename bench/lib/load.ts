import { performance } from 'node:perf_hooks';
import { percentiles } from './stats';

/** One operation of a load test: resolves when it succeeded, throws (with the reason) when not. */
export type Operation = (client: number, seq: number) => Promise<void>;

export interface LoadResult {
  /** Successful operations per second over the measured window. */
  throughput: number;
  ok: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  firstError?: string;
}

export interface LoadOptions {
  clients: number;
  seconds: number;
  /** Run this long first without recording (connections, JIT, caches). */
  warmupSeconds?: number;
}

/**
 * Closed-loop load: `clients` loops each run the operation back to back for `seconds`. Only
 * operations that finish inside the window count; latencies are those of successful operations.
 */
export async function runLoad(op: Operation, options: LoadOptions): Promise<LoadResult> {
  let seq = 0;
  if (options.warmupSeconds) {
    const warmEnd = performance.now() + options.warmupSeconds * 1000;
    await Promise.all(
      Array.from({ length: options.clients }, async (_, client) => {
        while (performance.now() < warmEnd) await op(client, seq++).catch(() => undefined);
      }),
    );
  }
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        let success = true;
        try {
          await op(client, seq++);
        } catch (error) {
          success = false;
          firstError ??= (error as Error).message;
        }
        const t1 = performance.now();
        if (t1 > end) break;
        if (success) {
          ok++;
          latencies.push(t1 - t0);
        } else failed++;
      }
    }),
  );
  const seconds = options.seconds;
  const [p50Ms, p99Ms] = percentiles(latencies, [50, 99]);
  return { throughput: ok / seconds, ok, failed, p50Ms, p99Ms, seconds, firstError };
}

/**
 * Fixed work: `count` operations (indexes 0..count-1) shared by `clients` loops, timed from the
 * first start to the last finish. For cases whose operations use something up (drafts to issue).
 */
export async function runBatch(
  op: Operation,
  options: { clients: number; count: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(options.clients, options.count) }, async (_, client) => {
      while (next < options.count) {
        const seq = next++;
        const t0 = performance.now();
        try {
          await op(client, seq);
          ok++;
          latencies.push(performance.now() - t0);
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const [p50Ms, p99Ms] = percentiles(latencies, [50, 99]);
  return { throughput: ok / seconds, ok, failed, p50Ms, p99Ms, seconds, firstError };
}
