import { randomUUID } from 'node:crypto';
import { request, signUp, type TestTenant } from '../support/api';

describe('Idempotency-Key on POST', () => {
  let tenant: TestTenant;

  beforeEach(async () => {
    tenant = await signUp(); // a fresh tenant: its contact list shows exactly what the calls created
  });

  const contacts = async () => (await request('GET', '/contacts', { token: tenant.token })).body.items;

  it('replays the first answer for the same key and body, creating the contact once', async () => {
    const key = randomUUID();
    const body = { type: 'company', name: 'Retry SRL', address: { city: 'Iași', country: 'RO' } };
    const first = await request('POST', '/contacts', {
      token: tenant.token,
      body,
      headers: { 'Idempotency-Key': key },
    });
    const second = await request('POST', '/contacts', {
      token: tenant.token,
      // the same body with its keys in another order is the same request
      raw: JSON.stringify({ address: { country: 'RO', city: 'Iași' }, name: 'Retry SRL', type: 'company' }),
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await contacts()).toHaveLength(1);
  });

  it('answers 422 when the key is reused with another body, and changes nothing', async () => {
    const key = randomUUID();
    await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'person', name: 'Ana Pop' },
      headers: { 'Idempotency-Key': key },
    });
    const other = await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'person', name: 'Ion Pop' },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await contacts()).map((c: { name: string }) => c.name)).toEqual(['Ana Pop']);
  });

  it('runs concurrent duplicates once: the others replay it or are told it is in progress', async () => {
    const key = randomUUID();
    const body = { type: 'company', name: 'Race SRL' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request('POST', '/contacts', { token: tenant.token, body, headers: { 'Idempotency-Key': key } }),
      ),
    );
    const executed = answers.filter((a) => a.status === 201 && !a.headers['idempotent-replayed']);
    expect(executed).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 201) expect(answer.body.id).toBe(executed[0].body.id);
      else expect(answer.status).toBe(409);
    }
    expect(await contacts()).toHaveLength(1);
  });

  it('keeps keys per tenant: another tenant may use the same key', async () => {
    const other = await signUp();
    const key = randomUUID();
    const mine = await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'person', name: 'Mine' },
      headers: { 'Idempotency-Key': key },
    });
    const theirs = await request('POST', '/contacts', {
      token: other.token,
      body: { type: 'person', name: 'Theirs' },
      headers: { 'Idempotency-Key': key },
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('lets a request that failed validation be retried with the same key', async () => {
    const key = randomUUID();
    const bad = await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'alien', name: 'X' },
      headers: { 'Idempotency-Key': key },
    });
    expect(bad.status).toBe(400);
    const good = await request('POST', '/contacts', {
      token: tenant.token,
      body: { type: 'person', name: 'X' },
      headers: { 'Idempotency-Key': key },
    });
    expect(good.status).toBe(201);
  });

  it('replays a sign-up instead of answering 409 for its own email', async () => {
    const key = randomUUID();
    const body = {
      companyName: 'Once SRL',
      country: 'RO',
      email: `e2e-${randomUUID()}@example.com`,
      password: 'correct-horse-battery-9',
    };
    const first = await request('POST', '/auth/signup', { body, headers: { 'Idempotency-Key': key } });
    const again = await request('POST', '/auth/signup', { body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.tenant.id).toBe(first.body.tenant.id);
  });
});
