import { type ApiResponse, type Body, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

const paths = (problem: Body): string[] => (problem.errors ?? []).map((e: { path: string }) => e.path);

/** A bad request is a 4xx problem+json, never a 5xx. */
function refused(answer: ApiResponse, what: string): void {
  if (answer.status < 400 || answer.status >= 500)
    throw new Error(`${what}: answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  expect(answer.headers['content-type']).toMatch(PROBLEM);
  expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+\.js:\d+/); // no stack trace
}

describe('billing routes and bad input', () => {
  let tenant: TestTenant;
  let contactId: string;
  let draftId: string;

  beforeAll(async () => {
    tenant = await signUp();
    const contact = await request('POST', '/contacts', {
      token: tenant.token,
      body: {
        type: 'person',
        name: 'Ion Popescu',
        address: { street: 'Str. A 1', city: 'Iași', country: 'RO' },
      },
    });
    contactId = contact.body.id;
    const created = await request('POST', '/invoices', { token: tenant.token, body: { contactId } });
    expect(created.status).toBe(201);
    draftId = created.body.id;
  });

  it('answers malformed JSON, wrong types and deep nesting with 400, never 5xx', async () => {
    const token = tenant.token;
    const cases: Array<[string, string, { body?: unknown; raw?: string }]> = [
      ['POST', '/invoices', { raw: '{"contactId": ' }],
      ['POST', '/invoices', { raw: '[1,2,3]' }],
      ['POST', '/invoices', { body: { contactId: 42 } }],
      ['POST', '/invoices', { body: { contactId, lines: 'many' } }],
      ['POST', '/invoices', { body: { contactId, lines: [{ quantity: 2 }] } }],
      ['POST', '/invoices', { body: { contactId, issueDate: '2026-02-30' } }],
      ['POST', '/invoices', { body: { contactId, currency: 'ron' } }],
      ['POST', '/products', { body: { name: 'X', type: 'product', unit: 'pcs', unitPrice: '-5' } }],
      ['POST', '/products', { body: { name: 'X', type: 'product', unit: 'pcs', unitPrice: '1e3' } }],
      ['POST', '/products', { body: { name: 'x'.repeat(100000), type: 'product', unit: 'pcs' } }],
      ['POST', `/invoices/${draftId}/lines`, { body: { name: 'X', unit: 'pcs', quantity: '1.23456' } }],
      ['POST', `/invoices/${draftId}/lines`, { body: { name: 'X', unit: 'pcs', quantity: 'NaN' } }],
      ['POST', `/invoices/${draftId}/lines`, { body: { name: { $gt: '' }, unit: 'pcs', quantity: '1' } }],
      ['PATCH', `/invoices/${draftId}`, { raw: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) }],
      ['PATCH', '/settings', { body: { vatRates: ['21', 'abc'] } }],
      ['PATCH', '/settings', { body: { defaultPaymentTermDays: 1e308 } }],
      ['POST', `/invoices/${draftId}/issue`, { body: { to: ['not-an-email'] } }],
      ['GET', '/invoices?limit=100000', {}],
      ['GET', '/products?limit=-1', {}],
      ['GET', '/invoices?cursor=%27%3B--', {}],
    ];
    for (const [method, path, options] of cases) {
      const answer = await request(method, path, { token, ...options });
      refused(answer, `${method} ${path} ${JSON.stringify(options).slice(0, 80)}`);
    }
    const read = await request('GET', `/invoices/${draftId}`, { token });
    expect(read.body.lines).toEqual([]);
    expect((await request('GET', '/products', { token })).body.items).toEqual([]);
  });

  it('refuses a line whose amount is too large to store with 4xx, at entry or at issue, never 5xx', async () => {
    const token = tenant.token;
    await request('PATCH', '/settings', {
      token,
      body: {
        company: {
          legalName: 'Mare SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. B 2', city: 'Iași', country: 'RO' },
        },
      },
    });
    // Each value alone is allowed (15 integer digits); their product is not an amount anyone can store.
    const huge = {
      name: 'Foarte scump',
      unit: 'pcs',
      quantity: '999999999999999',
      unitPrice: '999999999999999',
      saveToCatalogue: false,
    };
    const created = await request('POST', '/invoices', { token, body: { contactId, lines: [huge] } });
    if (created.status !== 201) {
      refused(created, 'a draft whose line net does not fit');
      expect(paths(created.body).some((path) => path.startsWith('lines.0'))).toBe(true);
      return;
    }
    const issued = await request('POST', `/invoices/${created.body.id}/issue`, { token, body: {} });
    refused(issued, 'issuing a draft whose line net does not fit');
    expect(issued.status).toBe(422);
    expect(paths(issued.body).some((path) => path.startsWith('lines.0'))).toBe(true);
    const settings = await request('GET', '/settings', { token });
    expect(settings.body.series.invoice.nextNumber).toBe(1);
  });

  it('stores text verbatim, SQL and formula characters included', async () => {
    const token = tenant.token;
    const name = `'; DROP TABLE billing.documents; -- =SUM(A1:A2) <b>ș</b> "ț"`;
    const product = await request('POST', '/products', { token, body: { name, type: 'service', unit: 'h' } });
    expect(product.status).toBe(201);
    expect((await request('GET', `/products/${product.body.id}`, { token })).body.name).toBe(name);
    const line = await request('POST', `/invoices/${draftId}/lines`, {
      token,
      body: { productId: product.body.id, quantity: '1', unitPrice: '1' },
    });
    expect(line.status).toBe(201);
    const patched = await request('PATCH', `/invoices/${draftId}`, { token, body: { notes: name, name } });
    expect(patched.status).toBe(200);
    const read = await request('GET', `/invoices/${draftId}`, { token });
    expect(read.body).toMatchObject({ name, notes: name, lines: [{ name }] });
    const search = await request('GET', `/products?search=${encodeURIComponent("'; DROP")}`, { token });
    expect(search.body.items.map((p: { id: string }) => p.id)).toEqual([product.body.id]);
  });

  it('answers 400 naming the parameter for ids that are not UUIDs', async () => {
    for (const path of ['/invoices/123', `/offers/${draftId}/lines/nope`, '/products/%27OR%201=1']) {
      const method = path.includes('/lines/') ? 'DELETE' : 'GET';
      const answer = await request(method, path, { token: tenant.token });
      expect(answer.status).toBe(400);
      expect(paths(answer.body).length).toBeGreaterThan(0);
    }
  });

  it('answers 401 on every billing route without a token', async () => {
    for (const [method, path] of [
      ['GET', '/settings'],
      ['GET', '/products'],
      ['POST', '/invoices'],
      ['GET', `/proformas/${draftId}`],
      ['POST', `/offers/${draftId}/issue`],
    ]) {
      const answer = await request(method, path, { body: method === 'GET' ? undefined : {} });
      expect(answer.status).toBe(401);
    }
  });
});
