import { ensureIssueCeilingSchema, runIssueCeiling } from '../ceiling/issue-ceiling';
import { machineCpuMeter, perOp, settleUnlessDisabled } from '../lib/cpu';
import { HttpClient } from '../lib/http';
import {
  createDrafts,
  gapFreeProblem,
  issuedNumbers,
  setUpBillingTenant,
  type BillingTenant,
} from '../lib/invoicing';
import { runBatch } from '../lib/load';
import { round } from '../lib/stats';
import type { BenchCase, Measurement, Variant } from './types';

/** Client counts measured; BENCH_CLIENTS=32 measures one (when looking into a change). */
const CLIENTS = process.env.BENCH_CLIENTS ? process.env.BENCH_CLIENTS.split(',').map(Number) : [1, 32];
const BAR_CLIENTS = 32;
const BAR_RATIO = 0.5;
const BAR_P99_FACTOR = 3;
/** Billing's connection pool (PlatformModule default); the ceiling gets the same. */
const POOL_SIZE = 10;
/**
 * Issued before the first round at the variant's own concurrency, unmeasured, on both sides
 * (BENCH_WARMUP_ISSUES overrides): code optimised for this concurrency, pools, caches and the WAL
 * files the first writes create, before anything is timed.
 */
const WARMUP_ISSUES = Number(process.env.BENCH_WARMUP_ISSUES ?? 400);

/** Issues per round: enough for several seconds at the rates seen here (BENCH_ISSUES overrides). */
function issuesPerRound(clients: number, seconds: number): number {
  const fromEnv = Number(process.env.BENCH_ISSUES);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.round((clients === 1 ? 60 : 250) * seconds);
}

/**
 * `issue`: drafts (one line, full seller and buyer details) issued through the gateway into one
 * series, by 1 and 32 concurrent clients; only the POST /invoices/{id}/issue calls are timed. After
 * every round the tenant's numbers are read back and must be exactly 1..N. Ceiling: a bare `pg`
 * script, UPDATE … RETURNING on the series row + insert, one transaction, same concurrency.
 */
export const benchCase: BenchCase = {
  name: 'issue',
  summary:
    'POST /invoices/{id}/issue into one series (1 and 32 clients) vs bare pg UPDATE…RETURNING + INSERT',
  usesStack: true,
  async prepare(context) {
    await ensureIssueCeilingSchema(context.benchDatabaseUrl);
    const stack = context.stack;
    const client = new HttpClient(stack?.url ?? 'http://127.0.0.1:1', { maxSockets: 64, timeoutMs: 60_000 });

    const variants: Variant[] = CLIENTS.map((clients) => {
      let tenant: BillingTenant | undefined;
      let answered = 0;
      const problems: string[] = [];
      let ceilingNumbersOk = true;
      let ceilingWarm = false;
      const count = issuesPerRound(clients, context.seconds);

      const issueAll = async (ids: string[], concurrency: number) =>
        runBatch(
          async (_client, seq) => {
            const answer = await client.request<{ number?: number }>(
              'POST',
              `/api/v1/invoices/${ids[seq]}/issue`,
              {},
              tenant!.headers,
            );
            if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text.slice(0, 200)}`);
            answered++;
          },
          { clients: concurrency, count: ids.length },
        );

      return {
        params: { clients, issuesPerRound: count },
        better: 'higher',
        roundNote: `${count} issues each`,
        async product(): Promise<Measurement> {
          if (!tenant) {
            // One tenant (one series) per variant, warmed with issues that count in 1..N too.
            tenant = await setUpBillingTenant(client, `bench-issue-${clients}`);
            await issueAll(await createDrafts(client, tenant, WARMUP_ISSUES), clients);
          }
          const ids = await createDrafts(client, tenant, count);
          // The timed part starts on a quiet machine too: the warm-up's PDFs (first round) and the
          // drafts' creation are done first. Without this the first round ran a third slower.
          await settleUnlessDisabled();
          const meter = machineCpuMeter();
          const result = await issueAll(ids, clients);
          const cpuMsPerOp = perOp(meter(), result.ok);
          context.log(
            `    CPU ms per issue: ${Object.entries(cpuMsPerOp)
              .filter(([, ms]) => ms >= 0.05)
              .map(([group, ms]) => `${group} ${ms}`)
              .join(', ')}`,
          );
          return {
            value: result.throughput,
            unit: 'issues/s',
            p50Ms: result.p50Ms,
            p99Ms: result.p99Ms,
            failed: result.failed,
            firstError: result.firstError,
            cpuMsPerOp,
          };
        },
        async ceiling(): Promise<Measurement> {
          if (!ceilingWarm) {
            // Warmed like the product: the first round of either side also writes new WAL files.
            ceilingWarm = true;
            const warm = await runIssueCeiling(context.benchDatabaseUrl, {
              clients,
              count: WARMUP_ISSUES,
              poolSize: POOL_SIZE,
            });
            if (!warm.numbersOk) ceilingNumbersOk = false;
          }
          const meter = machineCpuMeter();
          const { result, numbersOk } = await runIssueCeiling(context.benchDatabaseUrl, {
            clients,
            count,
            poolSize: POOL_SIZE,
          });
          const cpuMsPerOp = perOp(meter(), result.ok);
          if (!numbersOk) ceilingNumbersOk = false;
          return {
            cpuMsPerOp,
            value: result.throughput,
            unit: 'issues/s',
            p50Ms: result.p50Ms,
            p99Ms: result.p99Ms,
            failed: result.failed,
            firstError: result.firstError,
          };
        },
        async check() {
          if (!tenant) return [];
          const numbers = [...(await issuedNumbers(client, tenant)).values()];
          const problem = gapFreeProblem(numbers);
          const mismatch =
            numbers.length !== answered
              ? `${numbers.length} numbered invoices but ${answered} answers 200`
              : null;
          const verdict = [problem, mismatch].filter(Boolean).join('; ');
          if (verdict) problems.push(verdict);
          return [`numbers after this round: ${numbers.length} issued, ${verdict || 'exactly 1..N'}`];
        },
        bar(summary) {
          const numbersOk = problems.length === 0;
          const numbersText = 'numbers exactly 1..N';
          if (clients !== BAR_CLIENTS || summary.ratio === null || summary.ceilingP99Ms === null)
            return {
              text: numbersOk ? numbersText : `${numbersText} (${problems[0]})`,
              pass: numbersOk && ceilingNumbersOk,
            };
          const p99Limit = BAR_P99_FACTOR * summary.ceilingP99Ms;
          const ratioOk = summary.ratio >= BAR_RATIO;
          const p99Ok = summary.p99Ms <= p99Limit;
          return {
            text:
              `ratio ≥ ${BAR_RATIO} ${ratioOk ? 'ok' : 'MISSED'}, ` +
              `p99 ≤ ${BAR_P99_FACTOR}× ceiling (${round(p99Limit, 1)} ms) ${p99Ok ? 'ok' : 'MISSED'}, ` +
              `${numbersText} ${numbersOk ? 'ok' : `MISSED (${problems[0]})`}`,
            pass: ratioOk && p99Ok && numbersOk && ceilingNumbersOk,
          };
        },
      };
    });
    return {
      variants,
      notes: [
        `ceiling: bare pg, UPDATE series … RETURNING + INSERT document in one transaction, pool of ${POOL_SIZE} (billing's); the product also locks the draft, reads its lines, checks compliance, stores totals and writes the outbox row`,
        'product: fixed number of drafts per round, created before the timed part; throughput = issues / time from first request to last answer',
      ],
      dispose: async () => client.close(),
    };
  },
};
