// Starts and stops service processes for end-to-end tests: the whole stack in the global setup,
// and extra instances in tests that kill, restart or scale a service. Only relative imports and
// Node built-ins here: Jest's global setup does not apply the `@app/*` path aliases.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { ServiceName } from '../../libs/contracts/src/messaging';

export const ROOT = path.resolve(__dirname, '../..');
/** 3100 unless E2E_PORT says otherwise (to run two test stacks on one machine). */
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
/** var/test-logs/<service>.log; a stack on another port keeps its own folder. */
export const LOG_DIR = path.join(ROOT, 'var/test-logs', E2E_PORT === 3100 ? '' : `port-${E2E_PORT}`);
export const SERVICES: readonly ServiceName[] = ['gateway', 'crm', 'billing', 'documents', 'scheduler'];

/** Where the global setup records the stack it started, for the teardown and leftover cleanup. */
export const STACK_FILE = path.join(LOG_DIR, 'stack.json');
/** Pids of extra instances started by tests, one a line. */
export const EXTRA_PIDS_FILE = path.join(LOG_DIR, 'extra.pids');

export interface StackRecord {
  /** The Jest process that started the stack: while it lives, the stack is not a leftover. */
  ownerPid: number;
  pids: Partial<Record<ServiceName, number>>;
  dataDir: string;
}

export function mainOf(service: ServiceName): string {
  return path.join(ROOT, 'dist/apps', service, 'src/main.js');
}

let sharedDataDir: string | undefined;

/**
 * The environment every test service runs with: the test defaults of test-env.ts (the database
 * whose name says test, quick retries), the e2e port, a raised sign-up rate limit, quiet logs and
 * one temporary data directory per test run.
 */
export function stackEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  sharedDataDir ??= process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'invoicing-e2e-'));
  process.env.E2E_DATA_DIR = sharedDataDir;
  return {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'test',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/invoicing_test',
    RABBITMQ_URL: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    EVENT_RETRY_DELAYS_MS: process.env.EVENT_RETRY_DELAYS_MS ?? '100,200,400',
    OUTBOX_POLL_MS: process.env.OUTBOX_POLL_MS ?? '50',
    PORT: String(E2E_PORT),
    AUTH_RATE_LIMIT: '1000',
    DATA_DIR: sharedDataDir,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/** Resolves true once something accepts TCP connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopPid(
  pid: number,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5000,
): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) await sleep(20);
  }
}

async function stopIfOurs(pid: number): Promise<void> {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (cmdline.includes(path.join('dist', 'apps'))) await stopPid(pid, 'SIGTERM', 5000);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function takeExtraPids(): number[] {
  if (!existsSync(EXTRA_PIDS_FILE)) return [];
  const pids = readFileSync(EXTRA_PIDS_FILE, 'utf8').split('\n').map(Number).filter(Boolean);
  rmSync(EXTRA_PIDS_FILE, { force: true });
  return pids;
}

/**
 * Stops what a crashed earlier run on this port left behind (its stack and extra instances), if
 * the Jest process that started them is gone and the pids still are our services.
 */
export async function stopLeftovers(): Promise<void> {
  const record = readJson<StackRecord>(STACK_FILE);
  if (record && record.ownerPid !== process.pid && isAlive(record.ownerPid)) return; // a run in progress
  const pids = [...Object.values(record?.pids ?? {}), ...takeExtraPids()].filter((p): p is number => !!p);
  await Promise.all(pids.map(stopIfOurs));
  if (record) rmSync(record.dataDir, { recursive: true, force: true });
  rmSync(STACK_FILE, { force: true });
}

/** Stops the extra instances tests started and left running (for the global teardown). */
export async function stopExtras(): Promise<void> {
  await Promise.all(takeExtraPids().map(stopIfOurs));
}

/** The last `lines` lines of a file, or a note that it is empty. */
export function tail(file: string, lines = 30): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text ? text.split('\n').slice(-lines).join('\n') : '(no output)';
  } catch {
    return '(no log file)';
  }
}

/**
 * Starts one service detached from the caller's stdio, its output written to `logFile`; used by
 * the global setup, where nothing needs to read the output while it runs.
 */
export function spawnToFile(service: ServiceName, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  try {
    return spawn(process.execPath, [mainOf(service)], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

/** GET the gateway's health until it answers 200; returns the last answer either way. */
export async function waitForHealth(
  baseUrl: string,
  timeoutMs: number,
  stillRunning: () => boolean = () => true,
): Promise<{ ok: boolean; last: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && stillRunning()) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return { ok: true, last };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = cause?.code ?? (error as Error).message;
    }
    await sleep(250);
  }
  return { ok: false, last };
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceHandle {
  service: ServiceName;
  pid: number;
  logFile: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects on timeout or when the process exits. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<ServiceExit>;
  /** Sends `signal` (SIGTERM by default; SIGKILL to simulate a crash), SIGKILL after graceMs. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ServiceExit>;
}

export interface StartOptions {
  /** Wait until the service is ready (workers: "<service> ready" logged; gateway: its port). */
  wait?: boolean;
  timeoutMs?: number;
}

const started = new Set<ServiceHandle>();

/**
 * Starts one more instance of a service next to the global stack (same database and broker):
 * `const crm2 = await startService('crm')`, `await crm2.stop('SIGKILL')`. A gateway needs its own
 * port: `startService('gateway', { PORT: '3101' })`. Log level defaults to `log` so readiness can
 * be seen; the output also goes to var/test-logs/<service>-<pid>.log.
 */
export async function startService(
  service: ServiceName,
  env: NodeJS.ProcessEnv = {},
  options: StartOptions = {},
): Promise<ServiceHandle> {
  if (!existsSync(mainOf(service)))
    throw new Error(`${mainOf(service)} is missing: run node scripts/build.mjs`);
  const childEnv = stackEnv({ LOG_LEVEL: 'log', ...env });
  const child = spawn(process.execPath, [mainOf(service)], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${service}-${pid}.log`);
  appendFileSync(EXTRA_PIDS_FILE, `${pid}\n`);
  const log = createWriteStream(logFile);
  let text = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    log.write(chunk);
    for (const watcher of watchers) watcher();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(handle);
      log.end();
      for (const watcher of watchers) watcher();
      resolve({ code, signal });
    });
  });
  let done = false;
  void exited.then(() => (done = true));

  const handle: ServiceHandle = {
    service,
    pid,
    logFile,
    output: () => text,
    exited,
    waitForOutput(pattern, timeoutMs = 30000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) finish();
          else if (done)
            finish(new Error(`${service} exited before printing ${pattern}:\n${text.slice(-3000)}`));
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(`${service} did not print ${pattern} within ${timeoutMs} ms:\n${text.slice(-3000)}`),
            ),
          timeoutMs,
        );
        function finish(error?: Error) {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve();
        }
        watchers.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 5000) {
      if (!done) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  started.add(handle);

  if (options.wait !== false) {
    const timeoutMs = options.timeoutMs ?? 30000;
    try {
      if (service === 'gateway') {
        const port = Number(childEnv.PORT);
        const deadline = Date.now() + timeoutMs;
        while (!(await portOpen(port))) {
          if (done) throw new Error(`gateway exited during start:\n${text.slice(-3000)}`);
          if (Date.now() > deadline)
            throw new Error(`gateway did not listen on ${port}:\n${text.slice(-3000)}`);
          await sleep(100);
        }
      } else {
        await handle.waitForOutput(new RegExp(`\\b${service} ready\\b`), timeoutMs);
      }
    } catch (error) {
      await handle.stop('SIGKILL');
      throw error;
    }
  }
  return handle;
}

/** Stops every extra instance still running (for an afterAll). */
export async function stopAllStarted(): Promise<void> {
  await Promise.all([...started].map((handle) => handle.stop()));
}
