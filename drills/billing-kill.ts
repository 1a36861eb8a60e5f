import { performance } from 'node:perf_hooks';
import { HttpClient, sleep } from '../bench/lib/http';
import { createDrafts, gapFreeProblem, issuedNumbers, setUpBillingTenant } from '../bench/lib/invoicing';
import { startStack, type Stack } from '../bench/lib/stack';
import type { Drill, DrillResult } from './lib/types';
import { judged } from './lib/types';

const ROUNDS = 3;
const PORT = 3310;
const INSTANCES = ['billing', 'billing#2'];
/** The kill comes once this share of the round's answers is back: issues are in flight on both sides. */
const KILL_AFTER_SHARE = 0.2;
const SETTLE_MS = 10_000;

interface Answer {
  id: string;
  status: number | 'error';
  number?: number;
  error?: string;
}

/**
 * Billing killed with SIGKILL while 500 issues into one series are in flight, three times. Its own
 * stack with two billing instances (as ops would run it), so the other keeps serving while one is
 * dead; the killed one is started again at once. Afterwards: the series' numbers are exactly 1..N
 * (a transaction cut by the kill gives its number back), and every issue that answered 200 is
 * stored, issued, with the number it was answered with.
 */
export const billingKillDrill: Drill = {
  name: 'billing-kill',
  summary: `billing (one of two instances) SIGKILLed during concurrent issues, ${ROUNDS} times: numbers 1..N, every 200 stored`,
  async run(context): Promise<DrillResult> {
    context.log(
      `  starting its own stack on :${PORT} with two billing instances (database invoicing_drills_kill)`,
    );
    const stack: Stack = await startStack({
      label: 'drills-kill',
      port: PORT,
      database: 'invoicing_drills_kill',
      vhost: 'invoicing_drills_kill',
      env: { AUTH_RATE_LIMIT: '1000000' },
      instances: { billing: 2 },
    });
    const http = new HttpClient(stack.url, { maxSockets: context.count + 8, timeoutMs: 60_000 });
    try {
      const tenant = await setUpBillingTenant(http, 'drill-kill');
      const answers: Answer[] = [];
      const kills: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const ids = await createDrafts(http, tenant, context.count, 1, 32);
        const victim = INSTANCES[round % INSTANCES.length];
        let back = 0;
        let killed: Promise<void> | undefined;
        const started = performance.now();
        const killNow = () => {
          killed ??= (async () => {
            const pid = stack.instancePids()[victim];
            const at = Math.round(performance.now() - started);
            const answersBack = back;
            await stack.stopInstance(victim, 'SIGKILL');
            context.log(
              `  round ${round + 1}: SIGKILL ${victim} (pid ${pid}) at ${at} ms, ${answersBack} answers back`,
            );
            const restart = performance.now();
            await stack.startInstance(victim);
            kills.push(
              `round ${round + 1}: ${victim} killed at ${at} ms with ${answersBack}/${ids.length} answers back, restarted in ${Math.round(performance.now() - restart)} ms`,
            );
          })();
        };
        // Should the answers come back too slowly for the share, the kill comes after 1 s anyway.
        const fallback = setTimeout(killNow, 1000);
        const roundAnswers = await Promise.all(
          ids.map((id) =>
            http
              .request<{ number?: number }>('POST', `/api/v1/invoices/${id}/issue`, {}, tenant.headers)
              .then(
                (answer): Answer => {
                  if (++back >= ids.length * KILL_AFTER_SHARE) killNow();
                  return {
                    id,
                    status: answer.status,
                    number: answer.status === 200 ? answer.body.number : undefined,
                    error: answer.status === 200 ? undefined : answer.text.slice(0, 200),
                  };
                },
                (error: Error): Answer => {
                  back++;
                  return { id, status: 'error', error: error.message };
                },
              ),
          ),
        );
        clearTimeout(fallback);
        killNow();
        await killed;
        answers.push(...roundAnswers);
        // The restarted instance connects and takes its share before the next round.
        await sleep(3000);
      }

      // Messages the killed instances held are redelivered; let them finish before counting.
      await sleep(SETTLE_MS);
      const stored = await issuedNumbers(http, tenant);
      const numbers = [...stored.values()];
      const problem = gapFreeProblem(numbers);
      const ok = answers.filter((a) => a.status === 200);
      const notStored: string[] = [];
      for (const answer of ok) {
        const read = await http.request<{ status: string; number: number | null }>(
          'GET',
          `/api/v1/invoices/${answer.id}`,
          undefined,
          tenant.headers,
        );
        if (read.status !== 200 || read.body.number !== answer.number || read.body.status !== 'issued')
          notStored.push(
            `${answer.id}: answered ${answer.number}, stored ${read.status} ${read.text.slice(0, 80)}`,
          );
      }
      const answeredNumbers = ok.map((a) => a.number!);
      const repeatedAnswers = answeredNumbers.length - new Set(answeredNumbers).size;
      const committedWithout200 = [...stored.keys()].filter((id) => !ok.some((a) => a.id === id)).length;
      const statuses = new Map<string, number>();
      for (const a of answers) statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
      const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 503 && a.status !== 504);

      // After the kills the series still takes issues.
      const [probeId] = await createDrafts(http, tenant, 1);
      const probe = await http.request<{ number?: number }>(
        'POST',
        `/api/v1/invoices/${probeId}/issue`,
        {},
        tenant.headers,
      );

      return judged(
        [
          ['sent (issues)', answers.length],
          [
            'answers',
            [...statuses.entries()]
              .sort()
              .map(([s, n]) => `${s}: ${n}`)
              .join(', '),
          ],
          ['committed (issued, read back)', stored.size],
          ['committed although the answer was not 200', committedWithout200],
          ['delivered (answered 200 and stored with that number)', ok.length - notStored.length],
          ['duplicated (a number answered twice)', repeatedAnswers],
          ['lost (answered 200, not stored as answered)', notStored.length],
          ['numbers', problem ?? `exactly 1..${numbers.length}`],
          [
            'issue after the drill',
            probe.status === 200 ? `200, number ${probe.body.number}` : String(probe.status),
          ],
          ...kills.map((k, i): [string, string] => [`kill ${i + 1}`, k]),
        ],
        [
          { text: 'numbers 1..N with no gap and no repeat', pass: problem === null && numbers.length > 0 },
          { text: 'every issue that answered 200 is stored with its number', pass: notStored.length === 0 },
          { text: 'no number answered twice', pass: repeatedAnswers === 0 },
          {
            text: 'issuing works after the kills',
            pass: probe.status === 200 && probe.body.number === numbers.length + 1,
          },
        ],
        [
          ...(unexpected.length
            ? [
                `answers other than 200/503/504 (first 3): ${unexpected
                  .slice(0, 3)
                  .map((a) => `${a.status} ${a.error ?? ''}`)
                  .join(' | ')}`,
              ]
            : []),
          ...notStored.slice(0, 5),
          ...(problem ? [`numbers: ${problem}`] : []),
        ],
      );
    } finally {
      http.close();
      await stack.stop();
    }
  },
};
