import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // Linux USER_HZ is 100 on every platform Node supports

/** CPU time (user + system, ms) a process has used so far, or null when it cannot be read. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Measures CPU used by named processes between start() and stop(). */
export function cpuMeter(pids: Record<string, number | undefined>): () => Record<string, number> {
  const before = new Map<string, number>();
  for (const [name, pid] of Object.entries(pids)) {
    const ms = pid ? cpuMs(pid) : null;
    if (ms !== null) before.set(name, ms);
  }
  return () => {
    const used: Record<string, number> = {};
    for (const [name, start] of before) {
      const now = cpuMs(pids[name]!);
      if (now !== null) used[name] = now - start;
    }
    return used;
  };
}

/** CPU ms per operation for each process measured; empty when nothing was done. */
export function perOp(cpu: Record<string, number>, operations: number): Record<string, number> {
  if (!operations) return {};
  return Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, ms / operations]));
}

/** The group a process counts in: a service by its entry script, else its command name. */
function processGroup(pid: number): string | null {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const service = cmdline.find((arg) => /dist\/apps\/[^/]+\/src\/main\.js$/.test(arg));
    if (service) return service.match(/dist\/apps\/([^/]+)\//)![1];
    if (cmdline.some((arg) => /dist\/bench\/main\.js$/.test(arg))) return 'bench';
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm === 'postgres') return 'postgres';
    if (comm.startsWith('beam')) return 'rabbitmq';
    return null;
  } catch {
    return null;
  }
}

function cpuByGroup(): Map<number, { group: string; ms: number }> {
  const seen = new Map<number, { group: string; ms: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return seen;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    const group = processGroup(pid);
    const ms = group ? cpuMs(pid) : null;
    if (group && ms !== null) seen.set(pid, { group, ms });
  }
  return seen;
}

/**
 * CPU used between start() and stop() by everything on the machine that does the work: each
 * service, PostgreSQL (all its processes), RabbitMQ and the bench itself; a process that started
 * in between counts from zero, one that ended in between is missed (pooled connections live on).
 */
export function machineCpuMeter(): () => Record<string, number> {
  const before = cpuByGroup();
  return () => {
    const used: Record<string, number> = {};
    for (const [pid, { group, ms }] of cpuByGroup())
      used[group] = (used[group] ?? 0) + ms - (before.get(pid)?.ms ?? 0);
    return used;
  };
}

/**
 * Waits until the machine is quiet: the services, PostgreSQL and RabbitMQ together use less than
 * `busyPercent` of one core over a window (work left over from the measurement before, such as
 * PDFs still being rendered at low priority, must not run during the next one). Gives up after
 * `maxMs`; returns how long it waited.
 */
/** `settle()` unless BENCH_SETTLE=0 (measure at once); returns how long it waited. */
export async function settleUnlessDisabled(): Promise<number> {
  return process.env.BENCH_SETTLE === '0' ? 0 : settle();
}

export async function settle({
  busyPercent = 15,
  windowMs = 400,
  maxMs = 90_000,
}: { busyPercent?: number; windowMs?: number; maxMs?: number } = {}): Promise<number> {
  const started = Date.now();
  for (;;) {
    const meter = machineCpuMeter();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const groups = Object.entries(meter()).filter(([group]) => group !== 'bench');
    const used = groups.reduce((sum, [, ms]) => sum + ms, 0);
    if ((used / windowMs) * 100 < busyPercent) return Date.now() - started;
    if (Date.now() - started > maxMs) {
      const busiest = groups.sort((a, b) => b[1] - a[1]).slice(0, 3);
      console.log(
        `  machine still busy after ${maxMs / 1000} s: ${busiest.map(([g, ms]) => `${g} ${Math.round((ms / windowMs) * 100)}%`).join(', ')}`,
      );
      return Date.now() - started;
    }
  }
}
