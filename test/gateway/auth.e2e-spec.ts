import { randomUUID } from 'node:crypto';
import { login, request, signUp } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

describe('sign-up, login and users (gateway)', () => {
  it('signs up a tenant with its first admin and a token that works at once', async () => {
    const email = `e2e-${randomUUID()}@example.com`;
    const answer = await request('POST', '/auth/signup', {
      body: { companyName: 'Zebra Trade SRL', country: 'RO', email, password: 'correct-horse-battery-9' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.tenant).toMatchObject({ name: 'Zebra Trade SRL', country: 'RO' });
    expect(answer.body.user).toMatchObject({ email, role: 'admin', tenantId: answer.body.tenant.id });
    expect(answer.body.user).not.toHaveProperty('passwordHash');
    const me = await request('GET', '/me', { token: answer.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: answer.body.user.id, email, role: 'admin' },
      tenant: { id: answer.body.tenant.id, name: 'Zebra Trade SRL' },
    });
  });

  it('logs in with the right password and gives a short-lived token', async () => {
    const tenant = await signUp();
    const answer = await request('POST', '/auth/login', {
      body: { email: tenant.email, password: tenant.password },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.expiresIn).toBeGreaterThan(0);
    expect(answer.body.expiresIn).toBeLessThanOrEqual(24 * 3600);
    const me = await request('GET', '/me', { token: answer.body.accessToken });
    expect(me.body.user.id).toBe(tenant.userId);
  });

  it('answers a wrong password and an unknown email the same way, 401', async () => {
    const tenant = await signUp();
    const wrong = await request('POST', '/auth/login', {
      body: { email: tenant.email, password: 'not-the-password' },
    });
    const unknown = await request('POST', '/auth/login', {
      body: { email: `nobody-${randomUUID()}@example.com`, password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(PROBLEM);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('refuses a second account with the same email, whatever its letter case (409)', async () => {
    const tenant = await signUp();
    const again = await request('POST', '/auth/signup', {
      body: {
        companyName: 'Other SRL',
        country: 'RO',
        email: tenant.email.toUpperCase(),
        password: 'another-pass-123',
      },
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);
  });

  it('refuses a sign-up with missing or unknown fields, naming them', async () => {
    const answer = await request('POST', '/auth/signup', {
      body: { companyName: 'X', country: 'Romania', email: 'not-an-email', password: 'short', plan: 'gold' },
    });
    expect(answer.status).toBe(400);
    const paths = answer.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['country', 'email', 'password', 'plan']));
  });

  it('answers 401 problem+json without a token, with a bad token and with a tampered one', async () => {
    const tenant = await signUp();
    const [, payload, signature] = tenant.token.split('.');
    const forgedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [
      undefined,
      'garbage',
      `${forgedHeader}.${payload}.`,
      `${tenant.token.split('.')[0]}.${payload}x.${signature}`,
    ]) {
      const answer = await request('GET', '/me', { token });
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(answer.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('lets an admin add users, and refuses members (403)', async () => {
    const admin = await signUp();
    const memberEmail = `e2e-${randomUUID()}@example.com`;
    const created = await request('POST', '/users', {
      token: admin.token,
      body: { email: memberEmail, password: 'member-pass-123', role: 'member' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: memberEmail, role: 'member', tenantId: admin.tenantId });

    const memberToken = await login(memberEmail, 'member-pass-123');
    const me = await request('GET', '/me', { token: memberToken });
    expect(me.body).toMatchObject({ user: { role: 'member' }, tenant: { id: admin.tenantId } });

    const refused = await request('POST', '/users', {
      token: memberToken,
      body: { email: `e2e-${randomUUID()}@example.com`, password: 'member-pass-123', role: 'admin' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect((await request('GET', '/users', { token: memberToken })).status).toBe(403);

    const listed = await request('GET', '/users', { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((u: { email: string }) => u.email).sort()).toEqual(
      [admin.email, memberEmail].sort(),
    );
    expect(listed.body.nextCursor).toBeNull();
  });

  it('refuses to add a user whose email already has an account in any tenant (409)', async () => {
    const first = await signUp();
    const second = await signUp();
    const answer = await request('POST', '/users', {
      token: second.token,
      body: { email: first.email, password: 'whatever-123', role: 'member' },
    });
    expect(answer.status).toBe(409);
  });

  it('pages the user list with limit and cursor', async () => {
    const admin = await signUp();
    for (let i = 0; i < 2; i++)
      await request('POST', '/users', {
        token: admin.token,
        body: { email: `e2e-${randomUUID()}@example.com`, password: 'member-pass-123', role: 'member' },
      });
    const first = await request('GET', '/users?limit=2', { token: admin.token });
    expect(first.body.items).toHaveLength(2);
    const second = await request('GET', `/users?limit=2&cursor=${first.body.nextCursor}`, {
      token: admin.token,
    });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect((await request('GET', '/users?cursor=bogus', { token: admin.token })).status).toBe(400);
  });
});
