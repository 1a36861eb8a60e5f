import { readFileSync } from 'node:fs';

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
