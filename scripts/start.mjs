// `npm start`: checks PostgreSQL and RabbitMQ, runs the five services in this terminal with
// prefixed logs (each migrates its own schema at boot, under an advisory lock), waits for the
// gateway's health, seeds the demo tenant through the API and prints where everything is.
// Ctrl-C stops every service gracefully; if one service dies, the others are stopped too.
import { spawn as spawnProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogError, LogExit, LogOutput, Logger, createConcurrently } from 'concurrently';
import { preflight, probe } from './preflight.mjs';
import { seedDemo } from './seed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['gateway', 'crm', 'billing', 'documents', 'scheduler'];
const COLORS = ['cyan.bold', 'magenta.bold', 'yellow.bold', 'green.bold', 'blue.bold'];
const port = Number(process.env.PORT || 3000);
const baseUrl = `http://localhost:${port}`;
const healthTimeoutMs = Number(process.env.START_HEALTH_TIMEOUT_MS || 120000);
const stopGraceMs = 10000;

function say(line) {
  process.stdout.write(`[start    ] ${line}\n`);
}

const problem = await preflight().catch((error) => error.message);
if (problem) {
  console.error(problem);
  process.exit(1);
}
if ((await probe('127.0.0.1', port, 1000)) === null) {
  console.error(`Port ${port} is already in use (another npm start?): stop that process or set PORT`);
  process.exit(1);
}

// `npm start -- crm billing` runs only those; by default all five.
const wanted = process.argv.length > 2 ? process.argv.slice(2) : SERVICES;
const unknown = wanted.filter((s) => !SERVICES.includes(s));
if (unknown.length) {
  console.error(`Unknown service ${unknown.join(', ')}: choose from ${SERVICES.join(', ')}`);
  process.exit(1);
}
const present = wanted.filter((s) => existsSync(path.join(root, 'dist/apps', s, 'src/main.js')));
for (const missing of wanted.filter((s) => !present.includes(s)))
  say(`${missing} is not built (dist/apps/${missing}/src/main.js is missing): not started`);
if (present.length === 0) process.exit(1);

const logger = new Logger({ prefixFormat: 'name' });
const { commands, result } = createConcurrently(
  present.map((service) => ({
    name: service.padEnd(9),
    command: `node dist/apps/${service}/src/main.js`,
    prefixColor: COLORS[SERVICES.indexOf(service)],
  })),
  {
    logger,
    outputStream: process.stdout,
    cwd: root,
    controllers: [new LogError({ logger }), new LogOutput({ logger }), new LogExit({ logger })],
    // Own process groups: Ctrl-C reaches only this script, which sends each service exactly one
    // SIGTERM (a second signal would cut Nest's graceful shutdown short).
    spawn: (command, options) =>
      spawnProcess('/bin/sh', ['-c', `exec ${command}`], { ...options, detached: true }),
    kill: (pid, signal) => {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    },
  },
);

let stopping = false;
let exitCode = 0;
const signalled = new Set();

function stopAll(reason, code) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  say(`${reason}: stopping all services`);
  for (const command of commands) {
    if (command.pid && !signalled.has(command)) {
      signalled.add(command);
      command.kill('SIGTERM');
    }
  }
  setTimeout(() => {
    for (const command of commands) if (command.process) command.kill('SIGKILL');
  }, stopGraceMs).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(signal, 0));
// If whatever started us dies without passing a signal on (npm killed with SIGKILL), stop too
// rather than leave five services running with no terminal.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stopAll('parent process exited', 1);
}, 1000).unref();
for (const command of commands)
  command.close.subscribe(({ exitCode: code }) => {
    if (!stopping) stopAll(`${command.name.trim()} exited with ${code}`, 1);
  });

result.then(
  () => process.exit(exitCode),
  () => process.exit(exitCode),
);

async function waitForHealth() {
  const deadline = Date.now() + healthTimeoutMs;
  let last = 'no answer';
  while (!stopping && Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`, {
        signal: AbortSignal.timeout(5000),
      });
      const body = await response.text();
      if (response.status === 200) return true;
      last = `${response.status} ${body}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!stopping) say(`the API did not become healthy within ${healthTimeoutMs / 1000} s (last: ${last})`);
  return false;
}

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '─'.repeat(width);
  process.stdout.write(`\n${rule}\n${lines.map((l) => `  ${l}`).join('\n')}\n${rule}\n\n`);
}

if (present.includes('gateway') && (await waitForHealth()) && !stopping) {
  let demo = null;
  if (process.env.NODE_ENV === 'production') say('NODE_ENV=production: no demo tenant seeded');
  else {
    try {
      demo = await seedDemo(`http://127.0.0.1:${port}`, say);
      say(demo.done.length ? demo.done.join(', ') : 'demo tenant already seeded');
    } catch (error) {
      say(`demo data not seeded: ${error.message}`);
    }
  }
  banner([
    'Invoicing is running (Ctrl-C stops it)',
    `API   ${baseUrl}/api/v1`,
    `Docs  ${baseUrl}/api/docs  (OpenAPI JSON: ${baseUrl}/api/docs-json)`,
    ...(demo ? [`Demo  ${demo.email} / ${demo.password}`] : []),
    'Mail  written as .eml files under $DATA_DIR/mail unless SMTP_URL is set',
  ]);
} else if (!present.includes('gateway') && !stopping) {
  say('no gateway: the workers run, but there is no HTTP API to seed or to call');
}
