// `npm test`: builds, gives the run a clean database and a clean RabbitMQ virtual host, then runs
// the unit and integration tests and, in a second Jest run, the end-to-end tests (their global
// setup starts a whole stack whose services would otherwise answer the integration tests' queues).
//
// Why a clean slate: the machine's broker and database outlive a run (CI reuses them), and events
// or outbox rows left by an earlier, interrupted run would otherwise be consumed by this one.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/invoicing_test';
const brokerUrl = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const vhost = process.env.TEST_RABBITMQ_VHOST ?? 'invoicing_test';

async function resetDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/test/.test(name))
    throw new Error(`refusing to drop "${name}": a test database name must contain "test"`);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  console.log(`test: database ${name} created afresh`);
}

/** A fresh virtual host when rabbitmqctl is usable here; otherwise the default one, as it is. */
function resetVhost() {
  const ctl = (...args) => spawnSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8', timeout: 60000 });
  const probe = ctl('list_vhosts');
  if (probe.error || probe.status !== 0) {
    console.log('test: rabbitmqctl not usable here; tests share the default virtual host');
    return brokerUrl;
  }
  ctl('delete_vhost', vhost);
  const added = ctl('add_vhost', vhost);
  const allowed = ctl(
    'set_permissions',
    '-p',
    vhost,
    new URL(brokerUrl).username || 'guest',
    '.*',
    '.*',
    '.*',
  );
  if (added.status !== 0 || allowed.status !== 0) {
    console.log(`test: could not create virtual host ${vhost}: ${added.stderr || allowed.stderr}`);
    return brokerUrl;
  }
  console.log(`test: RabbitMQ virtual host ${vhost} created afresh`);
  return `${brokerUrl.replace(/\/$/, '')}/${encodeURIComponent(vhost)}`;
}

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
await resetDatabase();
const env = { ...process.env, DATABASE_URL: databaseUrl, RABBITMQ_URL: resetVhost() };
const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const extra = process.argv.slice(2);
for (const projects of [['unit', 'integration'], ['e2e']]) {
  const run = spawnSync(process.execPath, [jest, '--runInBand', '--selectProjects', ...projects, ...extra], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
