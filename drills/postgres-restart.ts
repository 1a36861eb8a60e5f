import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { sleep } from '../bench/lib/http';
import { BENCH_PASSWORD, signUpTenant } from '../bench/lib/tenant';
import { countByStatus, createStream, formatCounts, listAllContacts } from './lib/contacts';
import type { Drill, DrillResult } from './lib/types';
import { judged } from './lib/types';

const exec = promisify(execFile);
const CLUSTER = (process.env.DRILL_PG_CLUSTER ?? '15 main').split(' ');
const RECOVERY_BAR_MS = 15_000;

async function pgctl(action: string): Promise<void> {
  await exec('pg_ctlcluster', ['--skip-systemctl-redirect', ...CLUSTER, action], { timeout: 120_000 });
}

async function pgOnline(): Promise<boolean> {
  try {
    await exec('pg_ctlcluster', [...CLUSTER, 'status'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Restarts PostgreSQL while contacts are being created, then measures how long until the stack
 * works again by itself: health 200 with every service ok, a create 201, a login 200 (the
 * gateway's own database).
 */
export const postgresRestartDrill: Drill = {
  name: 'postgres-restart',
  summary: 'PostgreSQL restarted under load: every service recovers by itself within 15 s',
  async run(context): Promise<DrillResult> {
    const tenant = await signUpTenant(context.http, 'drill-pg');
    const started = performance.now();
    const stream = createStream(context.http, tenant.headers, {
      count: context.count,
      intervalMs: 20_000 / context.count,
      prefix: 'Drill pg',
      timeoutMs: 20_000,
    });
    await sleep(5000);
    const restartAt = performance.now() - started;
    context.log(`  restarting PostgreSQL at ${Math.round(restartAt)} ms`);
    let restartError: string | undefined;
    try {
      await pgctl('restart');
    } catch (error) {
      restartError = (error as Error).message;
    } finally {
      if (!(await pgOnline())) await pgctl('start').catch(() => undefined);
    }
    const upAt = performance.now() - started;
    context.log(`  PostgreSQL up again at ${Math.round(upAt)} ms`);

    // Probe until everything works again.
    const probes = {
      health: null as number | null,
      create: null as number | null,
      login: null as number | null,
    };
    let lastHealth = '';
    while (performance.now() - started - upAt < 60_000 && Object.values(probes).some((v) => v === null)) {
      const since = () => Math.round(performance.now() - started - upAt);
      if (probes.health === null) {
        const health = await context.http
          .request<{ services?: Record<string, unknown> }>('GET', '/api/v1/health')
          .catch((e: Error) => ({ status: 0, text: e.message, body: {} }));
        lastHealth = `${health.status} ${health.text.slice(0, 200)}`;
        const degraded = /degraded|"database":false/.test(health.text);
        if (health.status === 200 && !degraded) probes.health = since();
      }
      if (probes.create === null) {
        const [shot] = await createStream(context.http, tenant.headers, {
          count: 1,
          intervalMs: 0,
          prefix: 'Drill pg probe',
        });
        if (shot.status === 201) probes.create = since();
      }
      if (probes.login === null) {
        const login = await context.http
          .request('POST', '/api/v1/auth/login', { email: tenant.email, password: BENCH_PASSWORD })
          .catch(() => ({ status: 0 }));
        if (login.status === 200) probes.login = since();
      }
      await sleep(250);
    }
    const shots = await stream;
    const created = shots.filter((s) => s.status === 201 && s.id).map((s) => s.id!);
    const listed = new Set((await listAllContacts(context.http, tenant.headers)).map((c) => c.id));
    const missing = created.filter((id) => !listed.has(id));
    const statuses = countByStatus(shots);
    const other5xx = [...statuses.keys()].filter(
      (s) => s === 'error' || (Number(s) >= 500 && !['503', '504'].includes(s)),
    );
    const worst = Math.max(...Object.values(probes).map((v) => (v === null ? Infinity : v)));
    const fmt = (v: number | null) => (v === null ? 'not within 60 s' : `${v} ms`);

    return judged(
      [
        ['sent', shots.length],
        ['answers', formatCounts(statuses)],
        ['committed (201, and listed afterwards)', `${created.length}, ${created.length - missing.length}`],
        ['lost (201 but not stored)', missing.length],
        ['restart took', `${Math.round(upAt - restartAt)} ms`],
        ['health 200, all services ok, after', fmt(probes.health)],
        ['create 201 after', fmt(probes.create)],
        ['login 200 after', fmt(probes.login)],
      ],
      [
        { text: `every service recovers within ${RECOVERY_BAR_MS / 1000} s`, pass: worst <= RECOVERY_BAR_MS },
        { text: 'every 201 contact is stored', pass: missing.length === 0 },
        ...(restartError ? [{ text: `PostgreSQL could be restarted (${restartError})`, pass: false }] : []),
      ],
      [
        ...(probes.health === null ? [`last health answer: ${lastHealth}`] : []),
        ...(other5xx.length
          ? [
              `warning: answers other than 503/504 while PostgreSQL was down (${other5xx.join(', ')}; API.md wants 503): ${shots
                .filter((s) => other5xx.includes(String(s.status)))
                .slice(0, 2)
                .map((s) => s.error)
                .join(' | ')}`,
            ]
          : []),
      ],
    );
  },
};
