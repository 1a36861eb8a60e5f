import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureImportCeilingSchema, runImportCeiling } from '../ceiling/import-ceiling';
import { cpuMeter, perOp } from '../lib/cpu';
import { HttpClient } from '../lib/http';
import { setUpBillingTenant } from '../lib/invoicing';
import { peakRssMb, resetPeakRss } from '../lib/rss';
import { round } from '../lib/stats';
import type { BenchCase, Measurement, Variant } from './types';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS) || 50_000;
const BAR_RATIO = 0.3;
const BAR_RSS_MB = 300;
const UNITS = ['pcs', 'h', 'kg', 'm', 'service'];
const GROUPS = ['Hardware', 'Software', 'Servicii', 'Consumabile', 'Licențe'];

/** A realistic product catalogue: `rows` distinct products, English headers of the template. */
function catalogueCsv(rows: number): string {
  const lines = ['Name,Code,Type,Unit,Product Group,Currency,VAT rate,Price'];
  for (let i = 1; i <= rows; i++) {
    const service = i % 4 === 0;
    lines.push(
      [
        `"Produs ${String(i).padStart(6, '0')} – ${service ? 'serviciu de întreținere' : 'echipament, model A'}"`,
        `SKU-${String(i).padStart(6, '0')}`,
        service ? 'service' : 'product',
        service ? 'h' : UNITS[i % UNITS.length],
        GROUPS[i % GROUPS.length],
        i % 10 === 0 ? 'EUR' : 'RON',
        i % 7 === 0 ? '11' : '21',
        `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** POST multipart/form-data with the file in field `file`; the whole body is built up front. */
function postFile(
  base: string,
  route: string,
  headers: Record<string, string>,
  fileName: string,
  content: Buffer,
): Promise<{ status: number; text: string }> {
  const boundary = `----bench${randomUUID().replace(/-/g, '')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const url = new URL(route, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          accept: 'application/json',
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(600_000, () => req.destroy(new Error('import: no answer within 600 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `import`: a 50,000-row CSV through the gateway (POST /products/import?wait=true), rows per
 * second from the first byte sent to the finished job, and the billing process's peak RSS while
 * it runs; ceiling: csv-parse streaming + multi-row inserts of the same file in one transaction.
 */
export const benchCase: BenchCase = {
  name: 'import',
  summary: `POST /products/import?wait=true with ${ROWS} CSV rows vs csv-parse + multi-row INSERT; billing peak RSS`,
  usesStack: true,
  async prepare(context) {
    await ensureImportCeilingSchema(context.benchDatabaseUrl);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
    const file = path.join(dir, 'catalogue.csv');
    writeFileSync(file, catalogueCsv(ROWS));
    const content = readFileSync(file);
    const stack = context.stack;
    const client = new HttpClient(stack?.url ?? 'http://127.0.0.1:1', { maxSockets: 4 });
    const peaks: number[] = [];
    let peakNoted = false;
    // The runner reads this array after the rounds: notes found while measuring are added to it.
    const notes = [
      'p50/p99 = time of the whole import (one per round): upload, staging, checks and the write, answered by ?wait=true',
      'ceiling: csv-parse stream → INSERT … SELECT unnest(…) per 2,000 rows, one transaction, same columns and unique indexes; no validation, no staging, no duplicate checks',
    ];

    const variant: Variant = {
      params: { rows: ROWS, megabytes: round(content.length / 1024 / 1024, 1) },
      better: 'higher',
      roundNote: 'one import each',
      async product(): Promise<Measurement> {
        // A fresh tenant each round: every row creates a product, as in the ceiling.
        const tenant = await setUpBillingTenant(client, 'bench-import');
        const billingPid = stack?.pids().billing;
        if (billingPid) {
          const reset = resetPeakRss(billingPid);
          if (!peakNoted)
            notes.push(
              reset
                ? 'billing peak RSS: VmHWM of the billing process, reset (clear_refs) before each round'
                : 'billing peak RSS: VmHWM since the billing process started (clear_refs not writable)',
            );
          peakNoted = true;
        }
        const meter = cpuMeter({ gateway: stack?.pids().gateway, billing: billingPid });
        const t0 = performance.now();
        const answer = await postFile(
          stack!.url,
          '/api/v1/products/import?wait=true',
          tenant.headers,
          'catalogue.csv',
          content,
        );
        const ms = performance.now() - t0;
        const cpu = meter();
        const peak = billingPid ? peakRssMb(billingPid) : null;
        if (peak !== null) peaks.push(peak);
        let job: { status?: string; created?: number; total?: number } = {};
        try {
          job = JSON.parse(answer.text) as typeof job;
        } catch {
          // reported below
        }
        const ok = answer.status === 200 && job.status === 'succeeded' && job.created === ROWS;
        return {
          value: ok ? ROWS / (ms / 1000) : 0,
          unit: 'rows/s',
          p50Ms: ms,
          p99Ms: ms,
          failed: ok ? 0 : 1,
          firstError: ok ? undefined : `${answer.status} ${answer.text.slice(0, 300)}`,
          cpuMsPerOp: perOp(cpu, ROWS),
        };
      },
      async ceiling(): Promise<Measurement> {
        const t0 = performance.now();
        const written = await runImportCeiling(context.benchDatabaseUrl, file);
        const ms = performance.now() - t0;
        if (written !== ROWS) throw new Error(`import ceiling wrote ${written} of ${ROWS} rows`);
        return { value: ROWS / (ms / 1000), unit: 'rows/s', p50Ms: ms, p99Ms: ms };
      },
      async check() {
        return peaks.length ? [`billing peak RSS this round ${round(peaks[peaks.length - 1], 1)} MB`] : [];
      },
      bar(summary) {
        const ratioOk = summary.ratio !== null && summary.ratio >= BAR_RATIO;
        const maxPeak = peaks.length ? Math.max(...peaks) : null;
        const rssOk = maxPeak !== null && maxPeak < BAR_RSS_MB;
        return {
          text:
            `ratio ≥ ${BAR_RATIO} ${ratioOk ? 'ok' : 'MISSED'}, billing peak RSS < ${BAR_RSS_MB} MB ` +
            (maxPeak === null
              ? 'NOT MEASURED (no billing pid: --url?)'
              : `(${round(maxPeak, 1)} MB) ${rssOk ? 'ok' : 'MISSED'}`),
          pass: ratioOk && rssOk,
        };
      },
    };
    return {
      variants: [variant],
      notes,
      dispose: async () => {
        client.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
