import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureVhost, withDatabase, withVhost } from './broker';
import { waitForHttp } from './http';

export const SERVICES = ['gateway', 'crm', 'billing', 'documents', 'scheduler'] as const;
export type Service = (typeof SERVICES)[number];

/** The repository root (this file runs from dist/bench/lib). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/invoicing';
const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

export interface StackOptions {
  /** Used for the log folder (var/<label>) and in messages. */
  label: string;
  port: number;
  database: string;
  vhost: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /**
   * More than one process of a service, as ops may run them: `{ billing: 2 }` starts `billing`
   * and `billing#2`, on the same database and queues.
   */
  instances?: Partial<Record<Service, number>>;
}

export interface Stack {
  /** Base URL of the gateway, e.g. http://127.0.0.1:3200 (no /api/v1). */
  url: string;
  databaseUrl: string;
  rabbitmqUrl: string;
  /** True when this process started the services (and may stop and start them). */
  owned: boolean;
  logDir?: string;
  stopService(service: Service, signal?: NodeJS.Signals): Promise<void>;
  startService(service: Service): Promise<void>;
  isRunning(service: Service): boolean;
  /** Process ids of the running services (empty for a stack started elsewhere). */
  pids(): Partial<Record<Service, number>>;
  /** Every process by instance name (`billing`, `billing#2`, …), for stacks with several instances. */
  instancePids(): Record<string, number | undefined>;
  /** Stops one instance (`billing#2`); the others keep serving. */
  stopInstance(instance: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts one instance again; resolves once the gateway's health answers 200. */
  startInstance(instance: string): Promise<void>;
  stop(): Promise<void>;
}

/** A stack somebody else runs: nothing to start or stop. */
export function attachStack(url: string, env: NodeJS.ProcessEnv = process.env): Stack {
  return {
    url: url.replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    rabbitmqUrl: env.RABBITMQ_URL || DEFAULT_RABBITMQ_URL,
    owned: false,
    stopService: () => Promise.reject(new Error('the stack was not started here')),
    startService: () => Promise.reject(new Error('the stack was not started here')),
    isRunning: () => true,
    pids: () => ({}),
    instancePids: () => ({}),
    stopInstance: () => Promise.reject(new Error('the stack was not started here')),
    startInstance: () => Promise.reject(new Error('the stack was not started here')),
    stop: async () => undefined,
  };
}

/**
 * Starts the five services from dist/ as separate processes, like production, on a database and a
 * broker virtual host of their own, and waits until the gateway's health answers 200.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const baseDb = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const baseAmqp = process.env.RABBITMQ_URL || DEFAULT_RABBITMQ_URL;
  const databaseUrl = withDatabase(baseDb, options.database);
  const isolated = await ensureVhost(options.vhost);
  if (!isolated)
    console.warn(`(rabbitmqctl unavailable: ${options.label} shares the broker's default virtual host)`);
  const rabbitmqUrl = isolated ? withVhost(baseAmqp, options.vhost) : baseAmqp;
  const url = `http://127.0.0.1:${options.port}`;
  const logDir = path.join(ROOT, 'var', options.label);
  mkdirSync(logDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(options.port),
    PUBLIC_URL: url,
    DATABASE_URL: databaseUrl,
    RABBITMQ_URL: rabbitmqUrl,
    DATA_DIR: path.join(ROOT, 'var', options.label, 'data'),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Keyed by instance name: the service's name for its first process, `billing#2` for a second.
  const children = new Map<string, ChildProcess>();
  const exits = new Map<string, string>();
  const instanceNames = SERVICES.flatMap((service) =>
    Array.from({ length: Math.max(1, options.instances?.[service] ?? 1) }, (_, i) =>
      i === 0 ? service : `${service}#${i + 1}`,
    ),
  );

  const start = (instance: string, fresh = false): void => {
    const service = instance.split('#')[0] as Service;
    if (!SERVICES.includes(service)) throw new Error(`unknown service instance ${instance}`);
    const entry = path.join(ROOT, 'dist', 'apps', service, 'src', 'main.js');
    const logName = instance.replace('#', '-');
    const log = createWriteStream(path.join(logDir, `${logName}.log`), { flags: fresh ? 'w' : 'a' });
    // As `npm start` runs them (no source maps: they slow every stack trace); STACK_CPU_PROF=crm,gateway
    // writes V8 CPU profiles of those services to var/<label>/prof for finding where the time goes.
    const profile = (process.env.STACK_CPU_PROF ?? '').split(',').includes(instance)
      ? ['--cpu-prof', '--cpu-prof-dir', path.join(logDir, 'prof')]
      : [];
    const child = spawn(process.execPath, [...profile, entry], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Each service in a session of its own, as `npm start` runs them: Linux shares the CPU out
      // between sessions first (autogroups), so this is what decides who gets the CPU under load.
      detached: true,
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    exits.delete(instance);
    child.on('exit', (code, signal) => {
      exits.set(instance, `${instance} exited (${signal ?? code})`);
      if (children.get(instance) === child) children.delete(instance);
      log.end();
    });
    children.set(instance, child);
  };

  const stopOne = async (instance: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const child = children.get(instance);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  // The services run in sessions of their own (detached, as under npm start), so a Ctrl-C on the
  // bench no longer reaches them: the bench takes them down itself when interrupted or exiting.
  const killAll = () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', killAll);
  for (const signal of signals) process.on(signal, onSignal);

  const health = `${url}/api/v1/health`;
  const timeout = options.readyTimeoutMs ?? 120_000;
  const firstDeath = () => (exits.size ? [...exits.values()].join('; ') : null);
  for (const instance of instanceNames) start(instance, true);
  const startInstance = async (instance: string) => {
    if (children.has(instance)) return;
    start(instance);
    await waitForHttp(health, timeout, () => (children.has(instance) ? null : exits.get(instance) || null));
  };
  const stack: Stack = {
    url,
    databaseUrl,
    rabbitmqUrl,
    owned: true,
    logDir,
    isRunning: (service) => children.has(service),
    pids: () =>
      Object.fromEntries(
        [...children].filter(([name]) => !name.includes('#')).map(([name, c]) => [name, c.pid]),
      ),
    instancePids: () => Object.fromEntries([...children].map(([name, c]) => [name, c.pid])),
    stopService: stopOne,
    startService: startInstance,
    stopInstance: stopOne,
    startInstance,
    stop: async () => {
      await Promise.all([...new Set([...instanceNames, ...children.keys()])].map((name) => stopOne(name)));
      process.off('exit', killAll);
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
  try {
    await waitForHttp(health, timeout, firstDeath);
  } catch (error) {
    await stack.stop();
    const tails = instanceNames
      .map((name) => tail(path.join(logDir, `${name.replace('#', '-')}.log`), 15))
      .filter(Boolean)
      .join('\n');
    throw new Error(`${options.label} stack did not become healthy: ${(error as Error).message}\n${tails}`, {
      cause: error,
    });
  }
  return stack;
}

function tail(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return text ? `--- ${path.relative(ROOT, file)}\n${text}` : '';
  } catch {
    return '';
  }
}
