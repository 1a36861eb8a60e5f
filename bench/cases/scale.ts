import { performance } from 'node:perf_hooks';
import { cpuMeter } from '../lib/cpu';
import { HttpClient } from '../lib/http';
import { invoiceLines, setUpBillingTenant, type BillingTenant } from '../lib/invoicing';
import { median, percentiles, round } from '../lib/stats';
import type { BenchCase, Measurement, Variant } from './types';

const SMALL = 10;
const LARGE = 1000;
/** QUALITY.md: 1,000 lines may cost at most 1.2 × linear, i.e. 120 × the 10-line invoice. */
const BAR_FACTOR = 1.2;
const MIN_INVOICES = 3;

interface Steps {
  create: number[];
  issue: number[];
  pdf: number[];
}

/**
 * `scale`: one invoice of 10 and one of 1,000 lines, through the gateway, one after the other: create
 * the draft with its lines (billing computes the totals), issue it, fetch its PDF. The "ceiling"
 * is the linear extrapolation measured in the same run: 100 × the cost of the 10-line invoice;
 * ratio = linear / actual, so the bar "≤ 1.2 × linear" is ratio ≥ 1/1.2.
 */
export const benchCase: BenchCase = {
  name: 'scale',
  summary: 'invoice with 10 vs 1,000 lines: create with lines (totals) + issue + PDF, through the gateway',
  usesStack: true,
  async prepare(context) {
    const stack = context.stack;
    const client = new HttpClient(stack?.url ?? 'http://127.0.0.1:1', { maxSockets: 2, timeoutMs: 300_000 });
    let tenant: BillingTenant | undefined;
    const steps = new Map<number, Steps>([
      [SMALL, { create: [], issue: [], pdf: [] }],
      [LARGE, { create: [], issue: [], pdf: [] }],
    ]);
    const cpuPerInvoice = new Map<number, number[]>([
      [SMALL, []],
      [LARGE, []],
    ]);
    const lineSets = new Map([
      [SMALL, invoiceLines(SMALL)],
      [LARGE, invoiceLines(LARGE)],
    ]);

    const oneInvoice = async (lines: number): Promise<number> => {
      const record = steps.get(lines)!;
      const t0 = performance.now();
      const created = await client.request<{ id: string; totals?: { gross?: string } }>(
        'POST',
        '/api/v1/invoices',
        { contactId: tenant!.contactId, lines: lineSets.get(lines) },
        tenant!.headers,
      );
      if (created.status !== 201) throw new Error(`create ${created.status} ${created.text.slice(0, 200)}`);
      const t1 = performance.now();
      const issued = await client.request(
        'POST',
        `/api/v1/invoices/${created.body.id}/issue`,
        {},
        tenant!.headers,
      );
      if (issued.status !== 200) throw new Error(`issue ${issued.status} ${issued.text.slice(0, 200)}`);
      const t2 = performance.now();
      const pdf = await client.request(
        'GET',
        `/api/v1/invoices/${created.body.id}/pdf`,
        undefined,
        tenant!.headers,
      );
      if (pdf.status !== 200 || !pdf.text.startsWith('%PDF'))
        throw new Error(`pdf ${pdf.status} ${pdf.text.slice(0, 200)}`);
      const t3 = performance.now();
      record.create.push(t1 - t0);
      record.issue.push(t2 - t1);
      record.pdf.push(t3 - t2);
      return t3 - t0;
    };

    const measure = async (lines: number, multiplier: number): Promise<Measurement> => {
      tenant ??= await setUpBillingTenant(client, 'bench-scale');
      await oneInvoice(lines); // warm: first use of this size (JIT, caches, connections)
      const meter = cpuMeter({
        gateway: stack?.pids().gateway,
        billing: stack?.pids().billing,
        documents: stack?.pids().documents,
      });
      const costs: number[] = [];
      const end = performance.now() + context.seconds * 1000;
      while (performance.now() < end || costs.length < MIN_INVOICES) costs.push(await oneInvoice(lines));
      const cpu = meter();
      const total = Object.values(cpu).reduce((a, b) => a + b, 0);
      cpuPerInvoice.get(lines)!.push(total / costs.length);
      const [p50, p99] = percentiles(costs, [50, 99]);
      return {
        value: p50 * multiplier,
        unit: 'ms per invoice',
        p50Ms: p50 * multiplier,
        p99Ms: p99 * multiplier,
        cpuMsPerOp: Object.fromEntries(
          Object.entries(cpu).map(([k, v]) => [k, (v / costs.length) * multiplier]),
        ),
      };
    };

    const factor = LARGE / SMALL;
    const variant: Variant = {
      params: { lines: `${SMALL} vs ${LARGE}` },
      better: 'lower',
      product: () => measure(LARGE, 1),
      ceiling: () => measure(SMALL, factor),
      async check() {
        const describe = (lines: number) => {
          const s = steps.get(lines)!;
          return `${lines} lines: create ${round(median(s.create))} ms, issue ${round(median(s.issue))} ms, pdf ${round(median(s.pdf))} ms (medians so far, ${s.create.length} invoices)`;
        };
        return [describe(SMALL), describe(LARGE)];
      },
      bar(summary) {
        if (summary.ceiling === null) return undefined;
        const multiple = summary.value / (summary.ceiling / factor);
        const cpuMultiple = median(cpuPerInvoice.get(LARGE)!) / median(cpuPerInvoice.get(SMALL)!);
        return {
          text: `${LARGE} lines ≤ ${BAR_FACTOR * factor}× ${SMALL} lines (measured ${round(multiple, 1)}×; CPU ${round(cpuMultiple, 1)}×)`,
          pass: multiple <= BAR_FACTOR * factor,
        };
      },
    };
    return {
      variants: [variant],
      notes: [
        `value = median ms per ${LARGE}-line invoice; ceiling = ${factor} × median ms per ${SMALL}-line invoice (linear growth), ratio = ceiling / value (bar: ≥ ${round(1 / BAR_FACTOR, 3)}); the steps' medians are listed per round below`,
      ],
      dispose: async () => client.close(),
    };
  },
};
