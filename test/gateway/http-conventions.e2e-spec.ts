import { randomUUID } from 'node:crypto';
import { E2E_URL, request, signUp } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP conventions of the gateway', () => {
  it('answers malformed JSON with 400 problem+json and no parser internals', async () => {
    const tenant = await signUp();
    const answer = await request('POST', '/contacts', {
      token: tenant.token,
      raw: '{"type": "person", "name": ',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    expect(answer.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400 });
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.js|node_modules/);
  });

  it('refuses a body that is not an object, or nests absurdly deep', async () => {
    const tenant = await signUp();
    for (const raw of ['[1,2,3]', '"text"', '{"name":' + '['.repeat(5000) + ']'.repeat(5000) + '}']) {
      const answer = await request('POST', '/contacts', { token: tenant.token, raw });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('answers 413 problem+json to a body over 1 MB', async () => {
    const answer = await request('POST', '/auth/login', {
      raw: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1_100_000) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers unknown routes with 404 problem+json, before asking for a token', async () => {
    const answer = await request('GET', '/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
  });

  it('sets security headers and does not say what it runs on', async () => {
    const answer = await request('GET', '/health');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBeDefined();
    expect(answer.headers['content-security-policy']).toBeDefined();
    expect(answer.headers['strict-transport-security']).toBeDefined();
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });

  it('echoes the caller’s request id, or gives one', async () => {
    const id = `trace-${randomUUID()}`;
    expect(
      (await request('GET', '/health', { headers: { 'X-Request-Id': id } })).headers['x-request-id'],
    ).toBe(id);
    expect((await request('GET', '/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await request('GET', '/health', { headers: { 'X-Request-Id': 'a b\tc' } });
    expect(forged.headers['x-request-id']).not.toBe('a b\tc');
  });

  it('reports every service healthy', async () => {
    const answer = await request('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ok',
      services: { crm: 'ok', billing: 'ok', documents: 'ok', scheduler: 'ok' },
    });
  });

  it('publishes the OpenAPI document with bearer auth and the gateway’s routes', async () => {
    const answer = await request('GET', '/api/docs-json');
    expect(answer.status).toBe(200);
    const doc = answer.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes)).toContain('bearer');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/signup',
        '/api/v1/auth/login',
        '/api/v1/me',
        '/api/v1/users',
        '/api/v1/health',
        '/api/v1/contacts',
        '/api/v1/contacts/{id}',
        '/api/v1/deals',
        '/api/v1/deals/{id}',
      ]),
    );
    expect(doc.components.schemas.CreateContactDto.required).toEqual(
      expect.arrayContaining(['type', 'name']),
    );
    const ui = await fetch(`${E2E_URL}/api/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
  });
});
