import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Body, login, request, signUp, type TestTenant, urlFor } from '../support/api';
import { ROOT, STACK_FILE, type StackRecord } from '../support/stack';

const PROBLEM = /^application\/problem\+json/;
const HEADER = 'Name,Type,Unit,Product Group,Currency,VAT rate,Price,Code';
const MB = 1024 * 1024;

function form(content: Buffer | string, filename = 'products.csv', type = 'text/csv'): FormData {
  const data = new FormData();
  data.append('file', new Blob([content], { type }), filename);
  return data;
}

const upload = (tenant: TestTenant, file: FormData, query = '') =>
  request('POST', `/products/import${query}`, { token: tenant.token, form: file, timeoutMs: 180_000 });

async function settled(tenant: TestTenant, id: string): Promise<Body> {
  for (;;) {
    const answer = await request('GET', `/products/imports/${id}`, { token: tenant.token });
    expect(answer.status).toBe(200);
    if (answer.body.status !== 'running') return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function productNames(tenant: TestTenant): Promise<string[]> {
  const answer = await request('GET', '/products?limit=200&includeInactive=true', { token: tenant.token });
  return answer.body.items.map((p: { name: string }) => p.name);
}

async function memberOf(admin: TestTenant): Promise<string> {
  const email = `member-${randomUUID()}@example.com`;
  const password = 'member-pass-12345';
  const created = await request('POST', '/users', {
    token: admin.token,
    body: { email, password, role: 'member' },
  });
  expect(created.status).toBe(201);
  return login(email, password);
}

/** Peak resident memory of the stack's billing process (VmHWM), in MB. */
function billingPeakRssMb(): number | null {
  try {
    const stack = JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackRecord;
    const status = readFileSync(`/proc/${stack.pids.billing}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return kb ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

describe('product import through the gateway', () => {
  let admin: TestTenant;
  beforeEach(async () => {
    admin = await signUp();
  });

  it('answers 202 with the job at once, and the job can be followed to its end', async () => {
    const answer = await upload(admin, form(`${HEADER}\nHosting,Service,service,Web,RON,21,12.5,H-1\n`));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: expect.any(String), status: 'running' });
    expect(answer.headers.location).toBe(`/api/v1/products/imports/${answer.body.id}`);
    const job = await settled(admin, answer.body.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      total: 1,
      processed: 1,
      created: 1,
      updated: 0,
      errors: [],
    });
    expect(await productNames(admin)).toEqual(['Hosting']);
  });

  it('with wait answers 200 with the finished job, and 422 problem+json carrying the report when it fails', async () => {
    const ok = await upload(admin, form(`${HEADER}\nA,Product,pcs,,RON,21,1,\n`), '?wait=true');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'succeeded', created: 1 });

    const bad = await upload(
      admin,
      form(`${HEADER}\nB,Product,pcs,,RON,21,1,\nC,Thing,crate,,RON,21,1,\n`),
      '?wait=true',
    );
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(PROBLEM);
    expect(bad.body).toMatchObject({
      type: 'urn:problem:unprocessable',
      status: 422,
      detail: '2 problems were found; nothing was written',
      job: { status: 'failed', created: 0, updated: 0 },
    });
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'Type', path: 'row 3, Type' }),
      expect.objectContaining({ row: 3, column: 'Unit', path: 'row 3, Unit' }),
    ]);
    expect(await productNames(admin)).toEqual(['A']);
  });

  it('a dry run reports what it would do and writes nothing', async () => {
    const answer = await upload(
      admin,
      form(`${HEADER}\nA,Product,pcs,,RON,21,1,\n`),
      '?dryRun=true&wait=true',
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'succeeded', dryRun: true, created: 1, updated: 0 });
    expect(await productNames(admin)).toEqual([]);
  });

  it('imports a semicolon CSV with a BOM and an XLSX whose formula is stored as text', async () => {
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        'Denumire;Tip;UM;Grupa;Moneda;Cota TVA;Pret;Cod\n"Șurub; M8";Produs;pcs;Feronerie;RON;21;"1,5";S-8\n',
      ),
    ]);
    expect((await upload(admin, form(csv), '?wait=true')).body).toMatchObject({
      status: 'succeeded',
      created: 1,
    });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Products');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['Docs', 'Service', 'h', 'Web', 'EUR', 11, 30, 'D-1']);
    sheet.getCell('A2').value = { formula: 'HYPERLINK("https://example.com","Docs")', result: 'Docs' };
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const answer = await upload(
      admin,
      form(file, 'products.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      '?wait=true',
    );
    expect(answer.body).toMatchObject({ status: 'succeeded', format: 'xlsx', created: 1 });
    expect((await productNames(admin)).sort()).toEqual([
      '=HYPERLINK("https://example.com","Docs")',
      'Șurub; M8',
    ]);
  });

  it('refuses a member (403) on the upload and on the job', async () => {
    const token = await memberOf(admin);
    const mine = await upload(admin, form(`${HEADER}\nA,Product,pcs,,RON,21,1,\n`), '?wait=true');
    const member = { ...admin, token };
    const answer = await upload(member, form(`${HEADER}\nB,Product,pcs,,RON,21,1,\n`));
    expect(answer.status).toBe(403);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect((await request('GET', `/products/imports/${mine.body.id}`, { token })).status).toBe(403);
    expect(await productNames(admin)).toEqual(['A']);
  });

  it('answers 404 for another tenant’s import, whose catalogue it never touches', async () => {
    const other = await signUp();
    const theirs = await upload(other, form(`${HEADER}\nSame,Product,pcs,,RON,21,9,X-1\n`), '?wait=true');
    const mine = await upload(admin, form(`${HEADER}\nSame,Service,h,,EUR,11,1,X-1\n`), '?wait=true');
    expect(mine.body).toMatchObject({ status: 'succeeded', created: 1, updated: 0 });
    const peek = await request('GET', `/products/imports/${theirs.body.id}`, { token: admin.token });
    expect(peek.status).toBe(404);
    const list = await request('GET', '/products', { token: other.token });
    expect(list.body.items).toEqual([
      expect.objectContaining({ name: 'Same', type: 'product', unitPrice: '9.00' }),
    ]);
  });

  it('answers 413 for a file over 20 MB, up front by Content-Length and as soon as a chunked upload passes it', async () => {
    const big = Buffer.alloc(20 * MB + 1, 'a');
    const declared = await upload(admin, form(big));
    expect(declared.status).toBe(413);
    expect(declared.headers['content-type']).toMatch(PROBLEM);

    // No Content-Length: the gateway counts while it streams.
    const boundary = `----import${randomUUID()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n`,
    );
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(head);
      },
      pull(controller) {
        if (sent > 30 * MB) return controller.close();
        const piece = Buffer.alloc(MB, 'x');
        sent += piece.length;
        controller.enqueue(piece);
      },
    });
    const response = await fetch(urlFor('/products/import'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(PROBLEM);
    expect(await productNames(admin)).toEqual([]);
  });

  it('answers 400 for an upload without a file field, or that is not multipart', async () => {
    const data = new FormData();
    data.append('other', 'x');
    const missing = await upload(admin, data);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'file' })]);
    const json = await request('POST', '/products/import', { token: admin.token, body: { file: 'x' } });
    expect(json.status).toBe(400);
    expect(json.headers['content-type']).toMatch(PROBLEM);
  });

  it('imports 50,000 rows with progress to follow; reports time and billing memory', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 50_000; i++)
      rows.push(
        `Product ${i},${i % 2 ? 'Service' : 'Product'},${i % 2 ? 'h' : 'pcs'},Group ${i % 50},RON,21,${i}.25,P-${i}`,
      );
    const file = Buffer.from(rows.join('\n'));
    const started = Date.now();
    const answer = await upload(admin, form(file));
    expect(answer.status).toBe(202);
    const seen: Array<{ processed: number; total: number | null }> = [];
    let job: Body;
    for (;;) {
      job = (await request('GET', `/products/imports/${answer.body.id}`, { token: admin.token })).body;
      seen.push({ processed: job.processed, total: job.total });
      if (job.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = Date.now() - started;
    expect(job).toMatchObject({ status: 'succeeded', total: 50_000, processed: 50_000, created: 50_000 });
    const processed = seen.map((s) => s.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b)); // never goes back
    expect(seen.some((s) => s.total !== null && s.processed > 0 && s.processed < s.total)).toBe(true);
    const rss = billingPeakRssMb();
    console.log(
      `import e2e: 50,000 rows (${(file.length / MB).toFixed(1)} MB) in ${elapsed} ms through the gateway; billing peak RSS ${rss ?? '?'} MB; ${seen.length} polls`,
    );
    if (rss !== null) expect(rss).toBeLessThan(300);
  });
});

// Keeps the sample file in docs/samples importable.
it('imports docs/samples/products-import.csv as it is', async () => {
  const tenant = await signUp();
  const sample = readFileSync(path.join(ROOT, 'docs/samples/products-import.csv'));
  const answer = await upload(tenant, form(sample), '?wait=true');
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ status: 'succeeded', created: 8, updated: 0 });
});
