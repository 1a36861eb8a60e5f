// Jest global teardown of the e2e project: stops the services the global setup started (SIGTERM,
// then SIGKILL after 5 s), and any extra instance a test left running, and removes their temporary data directory. Logs stay in var/test-logs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { STACK_FILE, type StackRecord, stopExtras, stopPid } from './stack';

export default async function globalTeardown(): Promise<void> {
  // Extra instances a test started and did not stop (they run in the test's module registry, so
  // only their recorded pids reach this process).
  await stopExtras();
  let record = globalThis.__E2E_STACK__;
  if (!record && existsSync(STACK_FILE)) record = JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackRecord;
  if (!record) return;
  await Promise.all(
    Object.values(record.pids).map(async (pid) => {
      if (pid) await stopPid(pid, 'SIGTERM', 5000);
    }),
  );
  rmSync(record.dataDir, { recursive: true, force: true });
  rmSync(STACK_FILE, { force: true });
  globalThis.__E2E_STACK__ = undefined;
}
