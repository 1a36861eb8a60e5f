import { readFileSync, writeFileSync } from 'node:fs';

/** A process's peak resident set (VmHWM) in MB, or null when it cannot be read. */
export function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Resets the peak to the current RSS (Linux: "5" into clear_refs), so the next reading is the peak
 * of what follows. False when not allowed: the peak then counts from the process's start.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
