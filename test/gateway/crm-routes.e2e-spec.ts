import { randomUUID } from 'node:crypto';
import { request, signUp, type TestTenant } from '../support/api';

const acme = {
  type: 'company',
  name: 'ACME Distribution SRL',
  email: 'billing@acme.ro',
  address: { street: 'Str. Lungă 1', city: 'Brașov', region: 'BV', postalCode: '500035', country: 'RO' },
  vatId: 'RO18547290',
  registrationNumber: 'J08/1234/2020',
};

async function createContact(tenant: TestTenant, body: object = acme): Promise<string> {
  const answer = await request('POST', '/contacts', { token: tenant.token, body });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

describe('contacts and deals through the gateway', () => {
  let tenant: TestTenant;
  let intruder: TestTenant;

  beforeAll(async () => {
    [tenant, intruder] = await Promise.all([signUp(), signUp()]);
  });

  it('creates, reads, searches, edits and deletes a contact', async () => {
    const created = await request('POST', '/contacts', { token: tenant.token, body: acme });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...acme, id: expect.any(String) });
    const id = created.body.id;

    const read = await request('GET', `/contacts/${id}`, { token: tenant.token });
    expect(read.status).toBe(200);
    expect(read.body.address.city).toBe('Brașov');

    const found = await request('GET', `/contacts?search=${encodeURIComponent('acme distribution')}`, {
      token: tenant.token,
    });
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(found.body).toHaveProperty('nextCursor');

    const edited = await request('PATCH', `/contacts/${id}`, {
      token: tenant.token,
      body: { phone: '+40 722 000 000', address: { ...acme.address, city: 'Cluj-Napoca' } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ phone: '+40 722 000 000', address: { city: 'Cluj-Napoca' } });

    const deleted = await request('DELETE', `/contacts/${id}`, { token: tenant.token });
    expect(deleted.status).toBe(204);
    expect((await request('GET', `/contacts/${id}`, { token: tenant.token })).status).toBe(404);
  });

  it('creates, lists, reads and moves a deal through its stages', async () => {
    const contactId = await createContact(tenant);
    const created = await request('POST', '/deals', {
      token: tenant.token,
      body: { title: 'Website redesign', contactId, value: { amount: '12500.00', currency: 'RON' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Website redesign',
      contactId,
      value: { amount: '12500.00', currency: 'RON' },
      stage: 'open',
    });
    const id = created.body.id;

    const listed = await request('GET', `/deals?contactId=${contactId}`, { token: tenant.token });
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([id]);

    expect((await request('GET', `/deals/${id}`, { token: tenant.token })).body.title).toBe(
      'Website redesign',
    );
    const won = await request('PATCH', `/deals/${id}`, { token: tenant.token, body: { stage: 'won' } });
    expect(won.status).toBe(200);
    expect(won.body.stage).toBe('won');
  });

  it('answers 404 to another tenant for every contact and deal route, and changes nothing', async () => {
    const contactId = await createContact(tenant);
    const deal = await request('POST', '/deals', {
      token: tenant.token,
      body: { title: 'Support contract', contactId, value: { amount: '900.00', currency: 'EUR' } },
    });
    const dealId = deal.body.id;
    const attempts = [
      request('GET', `/contacts/${contactId}`, { token: intruder.token }),
      request('PATCH', `/contacts/${contactId}`, { token: intruder.token, body: { name: 'Hijacked' } }),
      request('DELETE', `/contacts/${contactId}`, { token: intruder.token }),
      request('GET', `/deals/${dealId}`, { token: intruder.token }),
      request('PATCH', `/deals/${dealId}`, { token: intruder.token, body: { stage: 'lost' } }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(answer.body)).not.toContain('ACME');
    }
    // A foreign id inside a body is refused too (crm answers it as an unknown reference).
    const stolen = await request('POST', '/deals', {
      token: intruder.token,
      body: { title: 'Stolen', contactId, value: { amount: '1.00', currency: 'RON' } },
    });
    expect(stolen.status).toBe(404);
    expect((await request('GET', '/deals', { token: intruder.token })).body.items).toEqual([]);
    const contact = await request('GET', `/contacts/${contactId}`, { token: tenant.token });
    expect(contact.body.name).toBe(acme.name);
    expect((await request('GET', `/deals/${dealId}`, { token: tenant.token })).body.stage).toBe('open');
    const theirs = await request('GET', '/contacts', { token: intruder.token });
    expect(theirs.body.items.map((c: { id: string }) => c.id)).not.toContain(contactId);
  });

  it('refuses unknown fields, naming them, instead of ignoring them', async () => {
    const answer = await request('POST', '/contacts', {
      token: tenant.token,
      body: { ...acme, number: 'INV-0001', foo: true },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['number', 'foo']),
    );
  });

  it('names nested fields by their dotted path', async () => {
    const answer = await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'company', name: 'X', address: { country: 'Romania' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain('address.country');
  });

  it('answers 400 naming the parameter for an id that is not a UUID', async () => {
    const answer = await request('GET', '/contacts/12345', { token: tenant.token });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'id', message: 'must be a UUID' }]);
  });

  it('answers 404 for a well-formed id that does not exist', async () => {
    expect((await request('GET', `/deals/${randomUUID()}`, { token: tenant.token })).status).toBe(404);
  });

  it('stores text verbatim, SQL and formula characters included', async () => {
    const name = `'; DROP TABLE contacts; -- =SUM(A1:A2) <b>ș</b>`;
    const id = await createContact(tenant, { type: 'person', name });
    expect((await request('GET', `/contacts/${id}`, { token: tenant.token })).body.name).toBe(name);
  });
});
