import { randomUUID } from 'node:crypto';
import { request } from '../support/api';
import { type ServiceHandle, startService } from '../support/stack';

// The shared stack runs with a high limit so other tests can sign up freely; this test starts its
// own gateway with a limit of 3 a minute.
describe('rate limit on sign-up and login', () => {
  let gateway: ServiceHandle;
  const port = Number(process.env.E2E_PORT || 3100) + 7; // next to the stack, clear of other runs
  const baseUrl = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    gateway = await startService('gateway', { PORT: String(port), AUTH_RATE_LIMIT: '3' });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers 429 problem+json with Retry-After once an address exceeds the limit', async () => {
    const body = { email: `nobody-${randomUUID()}@example.com`, password: 'wrong-password' };
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await request('POST', '/auth/login', { body, baseUrl }));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    const limited = answers[3];
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other routes are not limited.
    expect((await request('GET', '/health', { baseUrl })).status).not.toBe(429);
  });
});
