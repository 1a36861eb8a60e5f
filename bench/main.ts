// `npm run bench [-- <case>...] [--url URL] [--out FILE] [--rounds N] [--seconds S] [--warmup S]`
// Measures each case against its ceiling in the same run (QUALITY.md, "Benchmarks").
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchContext } from './cases/types';
import { ensureVhost, withDatabase, withVhost } from './lib/broker';
import { numberOption, parseArgs, stringOption } from './lib/args';
import { attachStack, startStack, type Stack } from './lib/stack';
import { discoverCases, formatTable, runVariant, type RowResult } from './runner';

const BENCH_DATABASE = 'invoicing_bench';
const BENCH_VHOST = 'invoicing_bench';
const BENCH_PORT = 3200;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['list', 'help', 'ceiling-only']);
  const all = discoverCases();
  if (args.options.has('list') || args.options.has('help')) {
    console.log(
      'usage: npm run bench -- [case...] [--url URL [--smtp-port N]] [--out FILE] [--rounds 3] [--seconds 5] [--warmup 1] [--ceiling-only]',
    );
    for (const c of all) console.log(`  ${c.name.padEnd(8)} ${c.summary}`);
    return 0;
  }
  const unknown = args.positionals.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length) {
    console.error(`unknown case(s): ${unknown.join(', ')}; known: ${all.map((c) => c.name).join(', ')}`);
    return 2;
  }
  const selected = args.positionals.length ? all.filter((c) => args.positionals.includes(c.name)) : all;
  const baseDb = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/invoicing';
  const baseAmqp = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
  const isolated = await ensureVhost(BENCH_VHOST);
  const context: BenchContext = {
    stack: null,
    benchDatabaseUrl: process.env.BENCH_DATABASE_URL || withDatabase(baseDb, BENCH_DATABASE),
    benchRabbitmqUrl: isolated ? withVhost(baseAmqp, BENCH_VHOST) : baseAmqp,
    rounds: numberOption(args, 'rounds', 3),
    seconds: numberOption(args, 'seconds', 5),
    warmupSeconds: numberOption(args, 'warmup', 1),
    ceilingOnly: args.options.has('ceiling-only'),
    smtpPort: stringOption(args, 'smtp-port') ? numberOption(args, 'smtp-port', 0) : undefined,
    log: (message) => console.error(message),
  };

  const url = stringOption(args, 'url');
  let stack: Stack | null = null;
  const rows: RowResult[] = [];
  let failures = 0;
  try {
    if (!context.ceilingOnly && selected.some((c) => c.usesStack)) {
      if (url) stack = attachStack(url);
      else {
        // Cases may need the services configured for them (the send case's SMTP server).
        let caseEnv: Record<string, string> = {};
        for (const benchCase of selected)
          if (benchCase.stackEnv) caseEnv = { ...caseEnv, ...(await benchCase.stackEnv(context)) };
        context.log(
          `starting the stack on :${BENCH_PORT} (database ${BENCH_DATABASE}, vhost ${BENCH_VHOST})` +
            (Object.keys(caseEnv).length ? ` with ${Object.keys(caseEnv).join(', ')}` : ''),
        );
        stack = await startStack({
          label: 'bench',
          port: BENCH_PORT,
          database: BENCH_DATABASE,
          vhost: BENCH_VHOST,
          env: { AUTH_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn', ...caseEnv },
        });
      }
      context.stack = stack;
    }
    for (const benchCase of selected) {
      context.log(`case ${benchCase.name}: ${benchCase.summary}`);
      try {
        const prepared = await benchCase.prepare(context);
        try {
          for (const variant of prepared.variants) {
            const row = await runVariant(benchCase.name, variant, context, prepared.notes ?? []);
            if (row.bar && !row.bar.pass) failures++;
            rows.push(row);
          }
        } finally {
          await prepared.dispose();
        }
      } catch (error) {
        failures++;
        context.log(`case ${benchCase.name} failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  } finally {
    await stack?.stop();
  }

  console.log(formatTable(rows));
  const out = stringOption(args, 'out');
  if (out) {
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cases: rows.map((r) => r.result),
    };
    writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    context.log(`wrote ${out}`);
  }
  if (failures) context.log(`${failures} bar(s) missed or case(s) failed`);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
