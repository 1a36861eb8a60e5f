import { randomUUID } from 'node:crypto';
import { type Body, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

const paths = (problem: Body): string[] => (problem.errors ?? []).map((e: { path: string }) => e.path);
const ids = (page: Body): string[] => page.items.map((p: { id: string }) => p.id);

const consulting = {
  name: 'Consultanță IT',
  code: 'CONS-1',
  type: 'service',
  unit: 'h',
  group: 'Servicii',
  unitPrice: '150.5',
  vatRate: '21',
};

async function createProduct(tenant: TestTenant, body: object): Promise<Body> {
  const answer = await request('POST', '/products', { token: tenant.token, body });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('product catalogue through the gateway', () => {
  let tenant: TestTenant;

  beforeEach(async () => {
    tenant = await signUp(); // a fresh catalogue for every test
  });

  it('creates, reads, lists, edits a product, with the tenant’s defaults filled in', async () => {
    const created = await request('POST', '/products', { token: tenant.token, body: consulting });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...consulting,
      id: expect.any(String),
      unitPrice: '150.50',
      currency: 'RON',
      active: true,
    });
    const id = created.body.id;

    const read = await request('GET', `/products/${id}`, { token: tenant.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const list = await request('GET', '/products', { token: tenant.token });
    expect(list.status).toBe(200);
    expect(ids(list.body)).toEqual([id]);
    expect(list.body).toHaveProperty('nextCursor', null);

    const edited = await request('PATCH', `/products/${id}`, {
      token: tenant.token,
      body: { unitPrice: '175.25', vatRate: '11', group: null },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      name: 'Consultanță IT',
      unitPrice: '175.25',
      vatRate: '11',
      group: null,
    });
    expect((await request('GET', `/products/${id}`, { token: tenant.token })).body.unitPrice).toBe('175.25');
  });

  it('defaults the VAT rate and currency, and allows a product without a list price', async () => {
    const product = await createProduct(tenant, { name: 'Cablu UTP', type: 'product', unit: 'm' });
    expect(product).toMatchObject({ currency: 'RON', vatRate: '21', unitPrice: null, code: null });
  });

  it('searches by name or code, ignoring case, anywhere in the text', async () => {
    const a = await createProduct(tenant, consulting);
    const b = await createProduct(tenant, {
      name: 'Web Hosting Anual',
      code: 'HOST-12',
      type: 'service',
      unit: 'pcs',
      unitPrice: '600',
    });
    const search = async (text: string) =>
      ids(
        (await request('GET', `/products?search=${encodeURIComponent(text)}`, { token: tenant.token })).body,
      );
    expect(await search('hosting')).toEqual([b.id]);
    expect(await search('WEB HOST')).toEqual([b.id]);
    expect(await search('host-1')).toEqual([b.id]);
    expect(await search('cons')).toEqual([a.id]);
    expect(await search('nothing like it')).toEqual([]);
  });

  it('pages the list with limit and nextCursor', async () => {
    const created = [];
    for (const name of ['Alpha', 'Beta', 'Gamma'])
      created.push((await createProduct(tenant, { name, type: 'product', unit: 'pcs' })).id);
    const first = await request('GET', '/products?limit=2', { token: tenant.token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(
      'GET',
      `/products?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      {
        token: tenant.token,
      },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual([...created].sort());
  });

  it('refuses a second product with the same name in another letter case (409)', async () => {
    const first = await createProduct(tenant, { name: 'Web Hosting', type: 'service', unit: 'pcs' });
    const again = await request('POST', '/products', {
      token: tenant.token,
      body: { name: 'WEB hosting', type: 'product', unit: 'h' },
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);

    // Renaming another product onto the name is the same conflict.
    const other = await createProduct(tenant, { name: 'Domain', type: 'service', unit: 'pcs' });
    const renamed = await request('PATCH', `/products/${other.id}`, {
      token: tenant.token,
      body: { name: 'web HOSTING' },
    });
    expect(renamed.status).toBe(409);

    const list = await request('GET', '/products', { token: tenant.token });
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual(['Domain', 'Web Hosting']);
    expect((await request('GET', `/products/${first.id}`, { token: tenant.token })).body.unit).toBe('pcs');
  });

  it('refuses a unit, currency or VAT rate the settings do not have (422 with paths)', async () => {
    const answer = await request('POST', '/products', {
      token: tenant.token,
      body: { name: 'Butoi', type: 'product', unit: 'barrel', currency: 'JPY', vatRate: '19' },
    });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(paths(answer.body)).toEqual(expect.arrayContaining(['unit', 'currency', 'vatRate']));

    const product = await createProduct(tenant, { name: 'Butoi', type: 'product', unit: 'pcs' });
    const patched = await request('PATCH', `/products/${product.id}`, {
      token: tenant.token,
      body: { unit: 'barrel' },
    });
    expect(patched.status).toBe(422);
    expect(paths(patched.body)).toContain('unit');
    expect((await request('GET', `/products/${product.id}`, { token: tenant.token })).body.unit).toBe('pcs');

    // Once the settings have the unit, it is accepted.
    const settings = await request('GET', '/settings', { token: tenant.token });
    await request('PATCH', '/settings', {
      token: tenant.token,
      body: { units: [...settings.body.units, 'barrel'] },
    });
    const ok = await request('PATCH', `/products/${product.id}`, {
      token: tenant.token,
      body: { unit: 'barrel' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.unit).toBe('barrel');
  });

  it('refuses malformed and unknown fields with 400 naming them', async () => {
    const answer = await request('POST', '/products', {
      token: tenant.token,
      body: { name: '', type: 'gadget', unit: 'pcs', unitPrice: 12.5, stock: 3 },
    });
    expect(answer.status).toBe(400);
    expect(paths(answer.body)).toEqual(expect.arrayContaining(['name', 'type', 'unitPrice', 'stock']));
    expect((await request('GET', '/products', { token: tenant.token })).body.items).toEqual([]);
  });

  it('deactivates on DELETE: gone from the list and search, still readable, reactivatable', async () => {
    const product = await createProduct(tenant, consulting);
    const deleted = await request('DELETE', `/products/${product.id}`, { token: tenant.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: product.id, active: false });

    expect(ids((await request('GET', '/products', { token: tenant.token })).body)).toEqual([]);
    expect(ids((await request('GET', '/products?search=cons', { token: tenant.token })).body)).toEqual([]);
    const inactive = await request('GET', '/products?includeInactive=true', { token: tenant.token });
    expect(ids(inactive.body)).toEqual([product.id]);
    const read = await request('GET', `/products/${product.id}`, { token: tenant.token });
    expect(read.status).toBe(200);
    expect(read.body.active).toBe(false);

    const back = await request('PATCH', `/products/${product.id}`, {
      token: tenant.token,
      body: { active: true },
    });
    expect(back.status).toBe(200);
    expect(ids((await request('GET', '/products', { token: tenant.token })).body)).toEqual([product.id]);
  });

  it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
    expect((await request('GET', `/products/${randomUUID()}`, { token: tenant.token })).status).toBe(404);
    const bad = await request('GET', '/products/not-a-uuid', { token: tenant.token });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toContain('id');
  });

  it('answers 404 to another tenant on GET, PATCH and DELETE, and changes nothing', async () => {
    const product = await createProduct(tenant, consulting);
    const intruder = await signUp();
    const answers = await Promise.all([
      request('GET', `/products/${product.id}`, { token: intruder.token }),
      request('PATCH', `/products/${product.id}`, { token: intruder.token, body: { unitPrice: '0.01' } }),
      request('DELETE', `/products/${product.id}`, { token: intruder.token }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(answer.body)).not.toContain('Consultan');
    }
    const theirs = await request('GET', '/products?includeInactive=true', { token: intruder.token });
    expect(theirs.body.items).toEqual([]);
    const mine = await request('GET', `/products/${product.id}`, { token: tenant.token });
    expect(mine.body).toEqual(product);
  });

  it('keeps names unique per tenant only: another tenant may use the same name', async () => {
    await createProduct(tenant, consulting);
    const other = await signUp();
    const theirs = await request('POST', '/products', { token: other.token, body: consulting });
    expect(theirs.status).toBe(201);
  });
});
