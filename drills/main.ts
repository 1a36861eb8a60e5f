// `npm run drills [-- <drill>...] [--url URL | --start] [--count 500] [--outage 10]`
// Breaks things on purpose and checks the reliability bars (QUALITY.md, "Drills").
import { numberOption, parseArgs, stringOption } from '../bench/lib/args';
import { HttpClient, waitForHttp } from '../bench/lib/http';
import { SmtpSink } from '../bench/lib/smtp-sink';
import { attachStack, startStack, type Stack } from '../bench/lib/stack';
import { billingKillDrill } from './billing-kill';
import { brokerConnectionsDrill, brokerStopDrill } from './broker-outage';
import { duplicateDeliveryDrill } from './duplicate-delivery';
import type { Drill, DrillContext, DrillResult } from './lib/types';
import { malformedMessageDrill } from './malformed-message';
import { postgresRestartDrill } from './postgres-restart';
import { stoppedServiceDrill } from './stopped-service';

/** Cheapest and least disruptive first; the broker stop last (it stops every vhost's traffic). */
const DRILLS: Drill[] = [
  stoppedServiceDrill,
  malformedMessageDrill,
  duplicateDeliveryDrill,
  billingKillDrill,
  postgresRestartDrill,
  brokerConnectionsDrill,
  brokerStopDrill,
];

function print(drill: Drill, result: DrillResult): void {
  console.log(`\n== ${drill.name}: ${drill.summary}`);
  const width = Math.max(0, ...result.figures.map(([k]) => k.length));
  for (const [key, value] of result.figures) console.log(`   ${key.padEnd(width)}  ${value}`);
  for (const bar of result.bars) console.log(`   [${bar.pass ? 'ok' : 'MISSED'}] ${bar.text}`);
  for (const note of result.notes) console.log(`   ${note}`);
  console.log(`   => ${result.status.toUpperCase()}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['start', 'help', 'list']);
  if (args.options.has('help') || args.options.has('list')) {
    console.log(
      'usage: npm run drills -- [drill...] [--url http://127.0.0.1:3000 | --start] [--count 500] [--outage 10]',
    );
    for (const d of DRILLS) console.log(`  ${d.name.padEnd(20)} ${d.summary}`);
    return 0;
  }
  const unknown = args.positionals.filter((n) => !DRILLS.some((d) => d.name === n));
  if (unknown.length) {
    console.error(`unknown drill(s): ${unknown.join(', ')}; known: ${DRILLS.map((d) => d.name).join(', ')}`);
    return 2;
  }
  const selected = args.positionals.length ? DRILLS.filter((d) => args.positionals.includes(d.name)) : DRILLS;
  const log = (message: string) => console.error(message);
  let stack: Stack;
  let smtp: SmtpSink | undefined;
  if (args.options.has('start')) {
    // Emails go to an SMTP server in this process, so drills can count them.
    smtp = await new SmtpSink().start();
    log(`starting the stack on :3300 (database invoicing_drills, vhost invoicing_drills, SMTP ${smtp.url})`);
    stack = await startStack({
      label: 'drills',
      port: 3300,
      database: 'invoicing_drills',
      vhost: 'invoicing_drills',
      env: { AUTH_RATE_LIMIT: '1000000', SMTP_URL: smtp.url },
    });
  } else {
    stack = attachStack(stringOption(args, 'url') ?? 'http://127.0.0.1:3000');
    await waitForHttp(`${stack.url}/api/v1/health`, 10_000);
  }
  const http = new HttpClient(stack.url, { maxSockets: 128, timeoutMs: 20_000 });
  const context: DrillContext = {
    stack,
    http,
    count: numberOption(args, 'count', 500),
    outageSeconds: numberOption(args, 'outage', 10),
    smtp,
    log,
  };
  let failed = 0;
  try {
    for (const drill of selected) {
      log(`drill ${drill.name}...`);
      let result: DrillResult;
      try {
        result = await drill.run(context);
      } catch (error) {
        result = {
          status: 'failed',
          figures: [],
          bars: [{ text: 'the drill ran to the end', pass: false }],
          notes: [(error as Error).stack ?? String(error)],
        };
      }
      print(drill, result);
      if (result.status === 'failed') failed++;
    }
  } finally {
    http.close();
    await stack.stop();
    await smtp?.stop();
  }
  const summary = `${selected.length} drill(s): ${failed} failed`;
  console.log(`\n${summary}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
