// The stack as a user first meets it: the API is healthy, documented, and a company can sign up.
// Then what ops rely on: any service runs as several instances side by side.
import { request, signUp } from './support/api';
import { E2E_PORT, type ServiceHandle, startService, stopAllStarted } from './support/stack';

const statusOf = (value: unknown) =>
  typeof value === 'string' ? value : (value as { status?: string } | null)?.status;

describe('the running stack', () => {
  it('answers health 200 with every service behind the gateway ok', async () => {
    const res = await request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    for (const service of ['crm', 'billing', 'documents', 'scheduler'])
      expect({ service, status: statusOf(res.body.services?.[service]) }).toEqual({ service, status: 'ok' });
  });

  it('publishes its OpenAPI description and the docs page', async () => {
    const json = await request('GET', '/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/signup']));
    const page = await request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('lets a new company sign up and see itself', async () => {
    const tenant = await signUp({ companyName: 'Brutăria Științei SRL' });
    const me = await request('GET', '/me', { token: tenant.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: tenant.userId, email: tenant.email, role: 'admin' });
    expect(me.body.tenant).toMatchObject({ id: tenant.tenantId, name: 'Brutăria Științei SRL' });
  });
});

describe('several instances of a service side by side', () => {
  afterAll(() => stopAllStarted());

  it('serves every request while a second crm instance shares the queue and then leaves', async () => {
    const tenant = await signUp();
    const second: ServiceHandle = await startService('crm');
    const names = Array.from({ length: 20 }, (_, i) => `Client ${i} SRL`);
    const created = await Promise.all(
      names.map((name) =>
        request('POST', '/contacts', { token: tenant.token, body: { type: 'company', name } }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(names.map(() => 201));

    // A graceful stop of one instance loses nothing: the other keeps answering.
    const exit = await second.stop('SIGTERM');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    const list = await request('GET', '/contacts?limit=200', { token: tenant.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { name: string }) => c.name).sort()).toEqual([...names].sort());
  });

  it('runs a second gateway on another port against the same services', async () => {
    const port = String(E2E_PORT + 1);
    const gateway = await startService('gateway', { PORT: port });
    const baseUrl = `http://127.0.0.1:${port}`;
    const res = await request('GET', '/health', { baseUrl });
    expect(res.status).toBe(200);
    const tenant = await signUp();
    const me = await request('GET', '/me', { token: tenant.token, baseUrl });
    expect(me.status).toBe(200);
    await gateway.stop();
  });
});
