// Jest global setup of the e2e project: builds, checks PostgreSQL and RabbitMQ, starts all five
// services as processes on port 3100 against the test database, and waits for the gateway's
// health to answer 200. Their output goes to var/test-logs/<service>.log.
import './test-env';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '../../libs/platform/src/database/ensure-database';
import type { ServiceName } from '../../libs/contracts/src/messaging';
import {
  E2E_PORT,
  LOG_DIR,
  ROOT,
  SERVICES,
  STACK_FILE,
  type StackRecord,
  mainOf,
  portOpen,
  spawnToFile,
  stackEnv,
  stopLeftovers,
  stopPid,
  tail,
  waitForHealth,
} from './stack';

const HEALTH_TIMEOUT_MS = 60000;

declare global {
  var __E2E_STACK__: StackRecord | undefined;
}

function hostPort(raw: string, defaultPort: number): { host: string; port: number } {
  const url = new URL(raw);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || defaultPort) };
}

async function checkDependencies(env: NodeJS.ProcessEnv): Promise<void> {
  const pg = hostPort(env.DATABASE_URL!, 5432);
  const mq = hostPort(env.RABBITMQ_URL!, 5672);
  const down: string[] = [];
  if (!(await portOpen(pg.port, pg.host, 3000)))
    down.push(`PostgreSQL is not reachable at ${pg.host}:${pg.port}`);
  if (!(await portOpen(mq.port, mq.host, 3000)))
    down.push(`RabbitMQ is not reachable at ${mq.host}:${mq.port}`);
  if (down.length)
    throw new Error(
      `${down.join(' and ')}: start ${down.length > 1 ? 'them' : 'it'} (e.g. docker compose up -d postgres rabbitmq) ` +
        `or set DATABASE_URL / RABBITMQ_URL`,
    );
}

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const missing = SERVICES.filter((service) => !existsSync(mainOf(service)));
  if (missing.length) throw new Error(`e2e: ${missing.join(', ')} not built (${mainOf(missing[0])} missing)`);

  await checkDependencies(process.env);
  await stopLeftovers();
  if (await portOpen(E2E_PORT))
    throw new Error(
      `e2e: port ${E2E_PORT} is already in use (another test run?): stop it, or run this one with E2E_PORT=<free port>`,
    );
  await ensureDatabase(process.env.DATABASE_URL!);
  // Logs of the previous run's extra instances (<service>-<pid>.log) would pile up otherwise.
  for (const name of existsSync(LOG_DIR) ? readdirSync(LOG_DIR) : [])
    if (/^[a-z]+-\d+\.log$/.test(name)) rmSync(path.join(LOG_DIR, name), { force: true });
  const env = stackEnv(); // creates the run's data directory: only once nothing can fail before start

  const children = new Map<ServiceName, ChildProcess>();
  const exited = new Map<ServiceName, string>();
  for (const service of SERVICES) {
    const child = spawnToFile(service, env, path.join(LOG_DIR, `${service}.log`));
    child.once('exit', (code, signal) => exited.set(service, signal ?? String(code)));
    children.set(service, child);
  }
  const record: StackRecord = {
    ownerPid: process.pid,
    pids: Object.fromEntries([...children].map(([service, child]) => [service, child.pid])),
    dataDir: env.DATA_DIR!,
  };
  writeFileSync(STACK_FILE, JSON.stringify(record, null, 2));
  globalThis.__E2E_STACK__ = record;

  const health = await waitForHealth(
    `http://127.0.0.1:${E2E_PORT}`,
    HEALTH_TIMEOUT_MS,
    () => exited.size === 0,
  );
  if (!health.ok) {
    const logs = SERVICES.map(
      (service) =>
        `--- ${service}${exited.has(service) ? ` (exited: ${exited.get(service)})` : ''}: ` +
        `${path.relative(ROOT, path.join(LOG_DIR, `${service}.log`))}\n` +
        tail(path.join(LOG_DIR, `${service}.log`), 25),
    ).join('\n');
    await Promise.all([...children.values()].map((child) => stopPid(child.pid!, 'SIGTERM', 5000)));
    rmSync(record.dataDir, { recursive: true, force: true });
    throw new Error(
      exited.size
        ? `e2e: ${[...exited.keys()].join(', ')} exited during start\n${logs}`
        : `e2e: GET /api/v1/health did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${health.last})\n${logs}`,
    );
  }
}
