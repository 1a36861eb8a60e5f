import { performance } from 'node:perf_hooks';
import { HttpClient, sleep } from '../lib/http';
import { createDrafts, setUpBillingTenant } from '../lib/invoicing';
import { SmtpSink } from '../lib/smtp-sink';
import { percentiles, round } from '../lib/stats';
import type { BenchCase, BenchContext, Measurement, Variant } from './types';

const RATE_PER_SECOND = 20;
const DURATION_SECONDS = Number(process.env.BENCH_SEND_SECONDS) || 30;
const BAR_P99_MS = 1000;
/** How long after the last answer an email may still arrive before it counts as lost. */
const LOST_AFTER_MS = 30_000;

let sink: SmtpSink | undefined;

async function startSink(context: BenchContext): Promise<SmtpSink> {
  sink ??= await new SmtpSink().start(context.smtpPort ?? 0);
  return sink;
}

interface Sent {
  fullNumber: string;
  answeredAt: number;
}

/**
 * `send`: issue-and-send (POST /invoices/{id}/issue {send: true}) at a steady 20/s for 30 s
 * through the gateway, open loop (a slow answer does not delay the next request). The stack's
 * SMTP_URL points at an SMTP server in this process; the latency is from the issue's answer to
 * the email being accepted by that server, matched by recipient (the round's buyer) and the
 * invoice number in the attachment name or subject.
 */
export const benchCase: BenchCase = {
  name: 'send',
  summary: 'issue {send: true} at 20/s for 30 s: issue answer → email accepted by an in-process SMTP server',
  usesStack: true,
  async stackEnv(context) {
    return { SMTP_URL: (await startSink(context)).url };
  },
  async prepare(context) {
    const smtp = await startSink(context);
    const notes: string[] = [
      `open loop ${RATE_PER_SECOND}/s for ${DURATION_SECONDS} s per round; a fresh tenant (buyer) per round; lost = answered 200 but no email ${LOST_AFTER_MS / 1000} s after the last answer`,
    ];
    if (context.stack && !context.stack.owned && context.smtpPort === undefined)
      notes.push(
        `WARNING: --url without --smtp-port: the stack must send to ${smtp.url} or every email counts as lost`,
      );
    const client = new HttpClient(context.stack?.url ?? 'http://127.0.0.1:1', {
      maxSockets: 128,
      timeoutMs: 60_000,
    });
    let lostTotal = 0;
    let failedTotal = 0;
    const rounds: string[] = [];
    let roundNo = 0;

    const variant: Variant = {
      params: { ratePerSecond: RATE_PER_SECOND, seconds: DURATION_SECONDS },
      better: 'lower',
      roundNote: `${RATE_PER_SECOND * DURATION_SECONDS} issues at ${RATE_PER_SECOND}/s`,
      async product(): Promise<Measurement> {
        roundNo++;
        const count = RATE_PER_SECOND * DURATION_SECONDS;
        const tenant = await setUpBillingTenant(client, 'bench-send');
        const ids = await createDrafts(client, tenant, count, 3);
        const sent: Sent[] = [];
        let failed = 0;
        let firstError: string | undefined;
        const issueLatencies: number[] = [];
        const start = performance.now();
        const pending: Promise<void>[] = [];
        for (let i = 0; i < count; i++) {
          const wait = start + (i * 1000) / RATE_PER_SECOND - performance.now();
          if (wait > 0) await sleep(wait);
          const t0 = performance.now();
          pending.push(
            client
              .request<{ fullNumber?: string }>(
                'POST',
                `/api/v1/invoices/${ids[i]}/issue`,
                { send: true },
                tenant.headers,
              )
              .then(
                (answer) => {
                  const at = performance.now();
                  if (answer.status === 200 && answer.body.fullNumber) {
                    sent.push({ fullNumber: answer.body.fullNumber, answeredAt: at });
                    issueLatencies.push(at - t0);
                  } else {
                    failed++;
                    firstError ??= `${answer.status} ${answer.text.slice(0, 200)}`;
                  }
                },
                (error: Error) => {
                  failed++;
                  firstError ??= error.message;
                },
              ),
          );
        }
        await Promise.all(pending);
        const lastAnswer = performance.now();

        // Match each answer to its email: the attachment is "<fullNumber>.pdf"; the subject names it too.
        const arrivals = new Map<string, number>();
        const match = () => {
          for (const email of smtp.to(tenant.buyerEmail)) {
            const fromAttachment = email.attachments
              .map((name) => name.replace(/\.pdf$/i, ''))
              .find((name) => !arrivals.has(name));
            const key =
              fromAttachment ?? sent.find((s) => email.subject.includes(s.fullNumber))?.fullNumber ?? '';
            if (key && !arrivals.has(key)) arrivals.set(key, email.at);
          }
        };
        while (performance.now() - lastAnswer < LOST_AFTER_MS) {
          match();
          if (sent.every((s) => arrivals.has(s.fullNumber))) break;
          await sleep(100);
        }
        match();
        const latencies = sent
          .filter((s) => arrivals.has(s.fullNumber))
          .map((s) => arrivals.get(s.fullNumber)! - s.answeredAt);
        const lost = sent.length - latencies.length;
        const emails = smtp.to(tenant.buyerEmail).length;
        lostTotal += lost;
        failedTotal += failed;
        const [p50, p99, max] = percentiles(latencies, [50, 99, 100]);
        const [issueP50, issueP99] = percentiles(issueLatencies, [50, 99]);
        rounds.push(
          `round ${roundNo}: ${count} sent, ${sent.length} answered 200, ${failed} failed, ${latencies.length} emails matched (${emails} received), ${lost} lost; answer→email p50 ${round(p50)} ms, p99 ${round(p99)} ms, max ${round(max)} ms; issue answer p50 ${round(issueP50)} ms, p99 ${round(issueP99)} ms`,
        );
        return {
          value: p99,
          unit: 'ms p99 answer→email',
          p50Ms: p50,
          p99Ms: p99,
          failed: failed + lost,
          firstError: firstError ?? (lost ? `${lost} email(s) never arrived` : undefined),
        };
      },
      async check() {
        return rounds.length ? [rounds[rounds.length - 1]] : [];
      },
      bar(summary) {
        const p99Ok = summary.p99Ms <= BAR_P99_MS;
        const noneLost = lostTotal === 0 && failedTotal === 0;
        return {
          text: `p99 ≤ ${BAR_P99_MS} ms ${p99Ok ? 'ok' : 'MISSED'}, none lost ${noneLost ? 'ok' : `MISSED (${lostTotal} lost, ${failedTotal} issues failed)`}`,
          pass: p99Ok && noneLost,
        };
      },
    };
    return {
      variants: [variant],
      notes,
      dispose: async () => {
        client.close();
        await sink?.stop();
        sink = undefined;
      },
    };
  },
};
