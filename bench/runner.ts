import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BenchCase, BenchContext, Measurement, Variant, VariantSummary } from './cases/types';
import { settleUnlessDisabled } from './lib/cpu';
import { median, round } from './lib/stats';

/** The order of QUALITY.md's table; cases not listed follow alphabetically. */
const ORDER = ['rpc', 'issue', 'pdf', 'send', 'import', 'scale'];

/** One row of the JSON report, exactly as QUALITY.md describes it. */
export interface CaseResult {
  name: string;
  params: Record<string, string | number | boolean>;
  value: number;
  unit: string;
  ceiling: number | null;
  ratio: number | null;
  p50Ms: number;
  p99Ms: number;
  notes: string;
}

export interface RowResult {
  result: CaseResult;
  summary: VariantSummary;
  bar?: { text: string; pass: boolean };
}

/** Every file in bench/cases that exports `benchCase` (one file per case, nothing to register). */
export function discoverCases(): BenchCase[] {
  const dir = path.join(__dirname, 'cases');
  const cases: BenchCase[] = [];
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.js') || file === 'types.js') continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(dir, file)) as { benchCase?: BenchCase };
    if (loaded.benchCase) cases.push(loaded.benchCase);
  }
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return cases.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** "gateway 1.2, crm 0.9" from the medians of each process's CPU ms per operation. */
function cpuSummary(measurements: Measurement[]): string | null {
  const names = [...new Set(measurements.flatMap((m) => Object.keys(m.cpuMsPerOp ?? {})))];
  if (names.length === 0) return null;
  return names
    .map((name) => {
      const values = measurements
        .map((m) => m.cpuMsPerOp?.[name])
        .filter((v): v is number => v !== undefined);
      return `${name} ${round(median(values), 2)}`;
    })
    .join(', ');
}

function describe(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/**
 * Measures one variant: product and ceiling back to back, alternating which goes first each
 * round (so neither always runs on the warmer machine), then medians over the rounds.
 */
export async function runVariant(
  caseName: string,
  variant: Variant,
  context: BenchContext,
  caseNotes: string[],
): Promise<RowResult> {
  const product: Measurement[] = [];
  const ceiling: Measurement[] = [];
  const checks: string[] = [];
  const label = `${caseName} ${describe(variant.params)}`;
  for (let roundNo = 0; roundNo < context.rounds; roundNo++) {
    const sides: Array<['product' | 'ceiling', () => Promise<Measurement>]> = context.ceilingOnly
      ? []
      : [['product', () => variant.product()]];
    if (variant.ceiling) {
      const measureCeiling = variant.ceiling.bind(variant);
      if (roundNo % 2 === 0) sides.push(['ceiling', measureCeiling]);
      else sides.unshift(['ceiling', measureCeiling]);
    }
    for (const [side, measure] of sides) {
      // Each side starts on a quiet machine, not on the other's leftovers (BENCH_SETTLE=0: at once).
      const waited = await settleUnlessDisabled();
      if (waited > 1000)
        context.log(`  ${label} waited ${round(waited / 1000, 1)} s for the machine to settle`);
      const m = await measure();
      (side === 'product' ? product : ceiling).push(m);
      const failed = m.failed ? `, ${m.failed} failed (${m.firstError ?? '?'})` : '';
      context.log(
        `  ${label} round ${roundNo + 1}/${context.rounds} ${side}: ${round(m.value, 1)} ${m.unit}, p50 ${round(m.p50Ms)} ms, p99 ${round(m.p99Ms)} ms${failed}`,
      );
    }
    if (variant.check) checks.push(...(await variant.check()));
  }
  if (context.ceilingOnly) return ceilingOnlyRow(caseName, variant, context, ceiling, caseNotes);
  const value = median(product.map((m) => m.value));
  const ceilingValue = ceiling.length ? median(ceiling.map((m) => m.value)) : null;
  // Each round's product and ceiling ran back to back, so their ratio is the least disturbed by
  // other load on a shared machine; the reported ratio is the median of those per-round ratios.
  const roundRatios = product
    .map((p, i) => {
      const c = ceiling[i];
      if (!c || c.value <= 0 || p.value <= 0) return null;
      return variant.better === 'higher' ? p.value / c.value : c.value / p.value;
    })
    .filter((r): r is number => r !== null);
  const ratio = roundRatios.length ? median(roundRatios) : null;
  const summary: VariantSummary = {
    value,
    ceiling: ceilingValue,
    ratio,
    p50Ms: median(product.map((m) => m.p50Ms)),
    p99Ms: median(product.map((m) => m.p99Ms)),
    ceilingP50Ms: ceiling.length ? median(ceiling.map((m) => m.p50Ms)) : null,
    ceilingP99Ms: ceiling.length ? median(ceiling.map((m) => m.p99Ms)) : null,
  };
  const bar = variant.bar?.(summary);
  const notes: string[] = [];
  if (bar) notes.push(`bar ${bar.text}: ${bar.pass ? 'met' : 'MISSED'}`);
  if (ceiling.length)
    notes.push(`ceiling p50 ${round(summary.ceilingP50Ms!)} ms, p99 ${round(summary.ceilingP99Ms!)} ms`);
  notes.push(
    `medians of ${context.rounds} rounds (${variant.roundNote ?? `${context.seconds} s each`}); product per round ${product.map((m) => round(m.value, 1)).join(', ')}` +
      (ceiling.length
        ? `; ceiling per round ${ceiling.map((m) => round(m.value, 1)).join(', ')}; ratio = median of per-round ratios ${roundRatios.map((r) => round(r, 2)).join(', ')}`
        : ''),
  );
  for (const [side, ms] of [
    ['product', product],
    ['ceiling', ceiling],
  ] as const) {
    const cpu = cpuSummary(ms);
    if (cpu) notes.push(`${side} CPU ms/op ${cpu}`);
  }
  const productFailed = product.reduce((sum, m) => sum + (m.failed ?? 0), 0);
  if (productFailed)
    notes.push(
      `product: ${productFailed} failed operations (first: ${product.find((m) => m.firstError)?.firstError})`,
    );
  const ceilingFailed = ceiling.reduce((sum, m) => sum + (m.failed ?? 0), 0);
  if (ceilingFailed) notes.push(`ceiling: ${ceilingFailed} failed operations`);
  notes.push(...checks, ...caseNotes);
  return {
    summary,
    bar,
    result: {
      name: caseName,
      params: variant.params,
      value: round(value, 1),
      unit: product[0]?.unit ?? '',
      ceiling: ceilingValue === null ? null : round(ceilingValue, 1),
      ratio: ratio === null ? null : round(ratio, 3),
      p50Ms: round(summary.p50Ms),
      p99Ms: round(summary.p99Ms),
      notes: notes.join('; '),
    },
  };
}

function ceilingOnlyRow(
  caseName: string,
  variant: Variant,
  context: BenchContext,
  ceiling: Measurement[],
  caseNotes: string[],
): RowResult {
  const value = median(ceiling.map((m) => m.value));
  const summary: VariantSummary = {
    value,
    ceiling: value,
    ratio: null,
    p50Ms: median(ceiling.map((m) => m.p50Ms)),
    p99Ms: median(ceiling.map((m) => m.p99Ms)),
    ceilingP50Ms: median(ceiling.map((m) => m.p50Ms)),
    ceilingP99Ms: median(ceiling.map((m) => m.p99Ms)),
  };
  const notes = [
    "product NOT measured (--ceiling-only): value, p50 and p99 are the ceiling's",
    `medians of ${context.rounds} rounds of ${context.seconds} s; ceiling per round ${ceiling.map((m) => round(m.value, 1)).join(', ')}`,
    ...caseNotes,
  ];
  return {
    summary,
    result: {
      name: caseName,
      params: variant.params,
      value: round(value, 1),
      unit: ceiling[0]?.unit ?? '',
      ceiling: round(value, 1),
      ratio: null,
      p50Ms: round(summary.p50Ms),
      p99Ms: round(summary.p99Ms),
      notes: notes.join('; '),
    },
  };
}

/** The report as a fixed-width table. */
export function formatTable(rows: RowResult[]): string {
  const header = [
    'case',
    'params',
    'value',
    'unit',
    'ceiling',
    'ratio',
    'p50 ms',
    'p99 ms',
    'ceil p50/p99',
    'bar',
  ];
  const lines = rows.map(({ result, summary, bar }) => [
    result.name,
    describe(result.params),
    String(result.value),
    result.unit,
    result.ceiling === null ? '-' : String(result.ceiling),
    result.ratio === null ? '-' : result.ratio.toFixed(2),
    String(result.p50Ms),
    String(result.p99Ms),
    summary.ceilingP50Ms === null
      ? '-'
      : `${round(summary.ceilingP50Ms)}/${round(summary.ceilingP99Ms ?? Number.NaN)}`,
    bar ? `${bar.text} ${bar.pass ? 'ok' : 'MISSED'}` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}
