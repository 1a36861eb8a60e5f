import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pdfmake from 'pdfmake';
import { documentLayout, type LayoutOptions } from '../../apps/documents/src/pdf/document.layout';
import { FONT_FAMILY, FONT_FILES, fontDirectory, readFonts } from '../../apps/documents/src/pdf/fonts';
import { PdfRenderer } from '../../apps/documents/src/pdf/pdf-renderer';
import { workerCount } from '../../apps/documents/src/pdf/pdf-worker-pool';
import { chromiumVersion, findChromium, printOnce, WarmChromium } from '../lib/chromium';
import { BENCH_SELLER, benchInvoice, invoiceHtml } from '../lib/invoice-fixture';
import { percentiles } from '../lib/stats';
import type { BenchCase, Measurement, Variant } from './types';

const SIZES = [
  { lines: 10, pages: 1 },
  { lines: 200, pages: 5 },
];
const OPTIONS: LayoutOptions = { language: 'ro', preview: false };
type Ceiling = 'pdfmake' | 'chromium-warm' | 'chromium-per-document';
const BARS: Record<Ceiling, number> = { pdfmake: 0.8, 'chromium-warm': 3, 'chromium-per-document': 50 };
/** Chromium launched per document takes seconds: at least this many documents per measurement. */
const MIN_DOCUMENTS = 3;

/**
 * Runs `render` back to back (`inFlight` at a time) for at least `seconds` and `minDocs` documents;
 * PDFs per second over the whole window and the latency of each.
 */
async function timed(
  render: () => Promise<unknown>,
  seconds: number,
  inFlight = 1,
  minDocs = 1,
): Promise<Measurement> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end || latencies.length < minDocs) {
        const t0 = performance.now();
        await render();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const [p50Ms, p99Ms] = percentiles(latencies, [50, 99]);
  return { value: latencies.length / elapsed, unit: 'PDFs/s', p50Ms, p99Ms };
}

let bareReady = false;

/** pdfmake as its documentation sets it up: the same font files registered, no cache of ours. */
function setUpBarePdfmake(): void {
  if (bareReady) return;
  const fonts = readFonts();
  pdfmake.virtualfs.writeFileSync(FONT_FILES.normal, fonts.normal);
  pdfmake.virtualfs.writeFileSync(FONT_FILES.bold, fonts.bold);
  pdfmake.setFonts({
    [FONT_FAMILY]: {
      normal: FONT_FILES.normal,
      bold: FONT_FILES.bold,
      italics: FONT_FILES.normal,
      bolditalics: FONT_FILES.bold,
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  bareReady = true;
}

/**
 * `pdf`: the documents service's renderer (PdfRenderer and its worker pool, as the service runs
 * it, in this process) on a 1-page (10 lines) and a 5-page (200 lines) invoice, against (a) a bare
 * pdfmake loop on the same definition and font, (b) Chromium kept open printing the same invoice
 * as HTML on one reused page, (c) Chromium launched per document.
 */
export const benchCase: BenchCase = {
  name: 'pdf',
  summary: 'documents PdfRenderer vs bare pdfmake, warm Chromium and Chromium per document (1 and 5 pages)',
  usesStack: false,
  async prepare(context) {
    const renderer = new PdfRenderer();
    renderer.onModuleInit();
    const poolSize = workerCount();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pdf-'));
    const fontDir = fontDirectory();
    const chromium = findChromium();
    const notes = [
      `product: PdfRenderer (dist/apps/documents/src/pdf) with its default pool of ${poolSize} render thread(s) on ${os.cpus().length} CPUs, ${poolSize + 1} document(s) in flight; bare pdfmake renders on this thread one at a time without the font cache`,
      'same invoice for all: documentLayout() definition for pdfmake, the same texts/table/totals as HTML with the same Roboto files (@font-face) for Chromium; the warm Chromium prints the page footer too, the per-document one does not (--no-pdf-header-footer)',
    ];
    let warm: WarmChromium | undefined;
    let warmError: string | undefined;
    if (chromium) {
      notes.push(
        `chromium: ${await chromiumVersion(chromium)}, warm one driven over --remote-debugging-pipe`,
      );
      warm = new WarmChromium(chromium);
      try {
        await warm.start();
      } catch (error) {
        warmError = (error as Error).message;
        await warm.stop();
        warm = undefined;
      }
    } else notes.push('skipped: chromium not installed (apt-get install -y chromium)');
    if (warmError) notes.push(`warm Chromium skipped: ${warmError}`);

    // Everything rendered once before measuring: worker threads, JIT, Chromium's font cache.
    const documents = new Map(SIZES.map(({ lines }) => [lines, benchInvoice(lines)]));
    const htmlFiles = new Map<number, string>();
    for (const [lines, document] of documents) {
      const file = path.join(dir, `invoice-${lines}.html`);
      writeFileSync(file, invoiceHtml(document, BENCH_SELLER, fontDir));
      htmlFiles.set(lines, file);
      await renderer.renderDocument(document, BENCH_SELLER, OPTIONS);
      setUpBarePdfmake();
      await pdfmake.createPdf(documentLayout(document, BENCH_SELLER, OPTIONS)).getBuffer();
      if (warm) await warm.print(pathToFileURL(file).href);
    }

    const variants: Variant[] = [];
    const warmBrowser = warm;
    for (const { lines, pages } of SIZES) {
      const document = documents.get(lines)!;
      const html = htmlFiles.get(lines)!;
      const product = () =>
        timed(() => renderer.renderDocument(document, BENCH_SELLER, OPTIONS), context.seconds, poolSize + 1);
      const ceilings: Array<[Ceiling, (() => Promise<Measurement>) | null]> = [
        [
          'pdfmake',
          () =>
            timed(
              () => pdfmake.createPdf(documentLayout(document, BENCH_SELLER, OPTIONS)).getBuffer(),
              context.seconds,
            ),
        ],
        [
          'chromium-warm',
          // Building the HTML is part of each document, as the product builds its definition.
          warmBrowser
            ? () =>
                timed(async () => {
                  writeFileSync(html, invoiceHtml(document, BENCH_SELLER, fontDir));
                  await warmBrowser.print(pathToFileURL(html).href);
                }, context.seconds)
            : null,
        ],
        [
          'chromium-per-document',
          chromium
            ? () =>
                timed(
                  async () => {
                    writeFileSync(html, invoiceHtml(document, BENCH_SELLER, fontDir));
                    await printOnce(chromium, html, path.join(dir, `out-${lines}.pdf`));
                  },
                  context.seconds,
                  1,
                  MIN_DOCUMENTS,
                )
            : null,
        ],
      ];
      for (const [ceiling, measure] of ceilings) {
        if (!measure) {
          context.log(`  pdf lines=${lines} ceiling=${ceiling}: skipped (chromium not available)`);
          continue;
        }
        variants.push({
          params: { lines, pages, ceiling },
          better: 'higher',
          product,
          ceiling: measure,
          bar: (summary) =>
            summary.ratio === null
              ? undefined
              : { text: `≥ ${BARS[ceiling]}× ${ceiling}`, pass: summary.ratio >= BARS[ceiling] },
        });
      }
    }
    if (!chromium) notes.push('chromium ceilings skipped: chromium not installed');
    return {
      variants,
      notes,
      dispose: async () => {
        await warm?.stop();
        await renderer.onApplicationShutdown();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
