import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportJobView } from '@app/contracts';
import type { BillingTestApp } from '../../test/billing-test-app';
import { newTenant } from '../../test/billing-test-app';
import { sendFile, startBillingWithImport } from './import-test-app';

const ROWS = 50_000;

function bigCsv(): Buffer {
  const lines = ['Name,Type,Unit,Product Group,Currency,VAT rate,Price,Code'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `Product ${i},${i % 2 ? 'Service' : 'Product'},${i % 2 ? 'h' : 'pcs'},Group ${i % 50},RON,21,${i}.25,P-${i}`,
    );
  return Buffer.from(lines.join('\n'));
}

describe('a 50,000-row import', () => {
  let billing: BillingTestApp;
  beforeAll(async () => {
    billing = await startBillingWithImport();
  });
  afterAll(async () => {
    await billing?.close();
  });

  it('shows its progress while it runs (processed of total, never going back) and writes every row', async () => {
    const { admin } = newTenant();
    const file = bigCsv();
    const started = Date.now();
    const { id } = await sendFile(billing.rpc, admin, file);
    const seen: ImportJobView[] = [];
    let job: ImportJobView;
    let peakRss = process.memoryUsage().rss;
    for (;;) {
      job = await billing.rpc.send('billing.imports.get', { id }, admin, { timeoutMs: 30_000 });
      seen.push(job);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const productMs = Date.now() - started;
    expect(job).toMatchObject({
      status: 'succeeded',
      total: ROWS,
      processed: ROWS,
      created: ROWS,
      updated: 0,
    });
    const processed = seen.map((j) => j.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(seen.some((j) => j.total === ROWS && j.processed > 0 && j.processed < ROWS)).toBe(true);
    const [{ count }] = await billing.dataSource.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM billing.products WHERE tenant_id = $1',
      [admin.tenantId],
    );
    expect(count).toBe(ROWS);

    // The same file imported again updates every product (matched by code) in one transaction.
    const againStarted = Date.now();
    const again = await sendFile(billing.rpc, admin, file);
    let second: ImportJobView;
    do {
      await new Promise((resolve) => setTimeout(resolve, 20));
      second = await billing.rpc.send('billing.imports.get', { id: again.id }, admin, { timeoutMs: 30_000 });
    } while (second.status === 'running');
    const updateMs = Date.now() - againStarted;
    expect(second).toMatchObject({ status: 'succeeded', created: 0, updated: ROWS });

    const ceilingMs = await bareParseAndInsert(billing, file);
    console.log(
      `import int: ${ROWS} rows (${(file.length / 1024 / 1024).toFixed(1)} MB): create ${productMs} ms, update ${updateMs} ms; ` +
        `bare streaming parse + multi-row insert ${ceilingMs} ms (ratio ${(ceilingMs / productMs).toFixed(2)}); ` +
        `test process peak RSS ${Math.round(peakRss / 1024 / 1024)} MB; ${seen.length} polls`,
    );
  }, 180_000);
});

/** The bench's ceiling, roughly: csv-parse streaming and 1,000-row INSERTs, nothing else. */
async function bareParseAndInsert(billing: BillingTestApp, file: Buffer): Promise<number> {
  const tenantId = randomUUID();
  const started = Date.now();
  const parser = Readable.from([file]).pipe(parse({ from_line: 2 }));
  let batch: string[][] = [];
  const flush = async () => {
    const values: unknown[] = [];
    const tuples = batch.map((r, i) => {
      values.push(randomUUID(), tenantId, r[0], r[7], r[1].toLowerCase(), r[2], r[3], r[4], r[6], r[5]);
      const b = i * 10;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, true, now(), now())`;
    });
    await billing.dataSource.query(
      `INSERT INTO billing.products (id, tenant_id, name, code, type, unit, product_group, currency, unit_price, vat_rate,
         active, created_at, updated_at) VALUES ${tuples.join(', ')}`,
      values,
    );
    batch = [];
  };
  await billing.dataSource.transaction(async () => {
    for await (const record of parser as AsyncIterable<string[]>) {
      batch.push(record);
      if (batch.length === 1000) await flush();
    }
    if (batch.length) await flush();
  });
  const elapsed = Date.now() - started;
  await billing.dataSource.query('DELETE FROM billing.products WHERE tenant_id = $1', [tenantId]);
  return elapsed;
}
