// Checks that PostgreSQL and RabbitMQ answer on their TCP ports before anything starts, so a
// missing dependency is one clear line instead of five services retrying in a loop.
// Usable on its own: `node scripts/preflight.mjs` exits 1 with that line when one is down.
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const SERVICES = ['gateway', 'crm', 'billing', 'documents', 'scheduler'];
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/invoicing';
const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** host:port targets to check, derived from the same variables the services read. */
export function targets(env = process.env) {
  const found = new Map();
  const add = (kind, variable, raw, defaultPort) => {
    let url;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`${variable} is not a valid URL: "${raw}"`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    const port = Number(url.port || defaultPort);
    const key = `${kind} ${host}:${port}`;
    if (!found.has(key)) found.set(key, { kind, variable, host, port });
  };
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  add('PostgreSQL', 'DATABASE_URL', databaseUrl, 5432);
  for (const service of SERVICES) {
    const variable = `${service.toUpperCase()}_DATABASE_URL`;
    if (env[variable]) add('PostgreSQL', variable, env[variable], 5432);
  }
  const rabbitmqUrl = env.RABBITMQ_URL || DEFAULT_RABBITMQ_URL;
  add('RabbitMQ', 'RABBITMQ_URL', rabbitmqUrl, rabbitmqUrl.startsWith('amqps:') ? 5671 : 5672);
  return [...found.values()];
}

/** Resolves with null when a TCP connection opens, else with the error code. */
export function probe(host, port, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('ETIMEDOUT'));
    socket.once('connect', () => done(null));
    socket.once('error', (error) => done(error.code ?? error.message));
  });
}

const HOW_TO_START = {
  PostgreSQL: 'pg_ctlcluster 15 main start',
  RabbitMQ: 'rabbitmq-server -detached',
};

/**
 * Checks every target; returns null when all answer, else ONE line saying what is down and how
 * to start it.
 */
export async function preflight(env = process.env) {
  const list = targets(env);
  const results = await Promise.all(list.map((t) => probe(t.host, t.port)));
  const down = list.filter((_, i) => results[i] !== null);
  if (down.length === 0) return null;
  const what = down
    .map((t) => `${t.kind} is not reachable at ${t.host}:${t.port} (${results[list.indexOf(t)]})`)
    .join(' and ');
  const commands = [...new Set(down.map((t) => HOW_TO_START[t.kind]))].join(' / ');
  const variables = [...new Set(down.map((t) => t.variable))].join(' or ');
  return `${what}: start ${down.length > 1 ? 'them' : 'it'} (e.g. docker compose up -d postgres rabbitmq, or ${commands}) or set ${variables}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const problem = await preflight();
    if (problem) {
      console.error(problem);
      process.exit(1);
    }
    console.log('PostgreSQL and RabbitMQ are reachable');
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
