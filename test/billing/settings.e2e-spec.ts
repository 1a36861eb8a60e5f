import { randomUUID } from 'node:crypto';
import { type Body, login, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

const paths = (problem: Body): string[] => (problem.errors ?? []).map((e: { path: string }) => e.path);

/** Reads the settings until `done` holds or the deadline passes; returns the last answer. */
async function pollSettings(
  token: string,
  done: (settings: Body) => boolean,
  timeoutMs = 8000,
): Promise<Body> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await request('GET', '/settings', { token });
    expect(answer.status).toBe(200);
    if (done(answer.body) || Date.now() > deadline) return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('billing settings through the gateway', () => {
  it('starts a new tenant with the Romanian defaults', async () => {
    const tenant = await signUp();
    const answer = await request('GET', '/settings', { token: tenant.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      timeZone: 'Europe/Bucharest',
      vatRegistered: true,
      vatRates: ['21', '11', '0'],
      currencies: expect.arrayContaining(['RON', 'EUR']),
      defaultCurrency: 'RON',
      defaultPaymentTermDays: 14,
      defaultPaymentMethod: 'bank_transfer',
      series: {
        invoice: { prefix: 'INV', yearlyReset: false, nextNumber: 1 },
        proforma: { prefix: 'PRF', yearlyReset: false, nextNumber: 1 },
        offer: { prefix: 'OFR', yearlyReset: false, nextNumber: 1 },
        receipt: { prefix: 'RCP', yearlyReset: false, nextNumber: 1 },
      },
    });
    expect(answer.body.units).toEqual(expect.arrayContaining(['pcs', 'h']));
    expect(answer.body.company).toHaveProperty('address');
  });

  it('fills the seller’s legal name and country from the sign-up', async () => {
    const companyName = `Ștefănescu & Fiii ${randomUUID().slice(0, 6)} SRL`;
    const [romanian, bulgarian] = await Promise.all([
      signUp({ companyName, country: 'RO' }),
      signUp({ companyName: `Balkan Trade ${randomUUID().slice(0, 6)} EOOD`, country: 'BG' }),
    ]);
    const ro = await pollSettings(
      romanian.token,
      (s) => s.company.legalName === companyName && s.company.address.country === 'RO',
    );
    expect(ro.company.legalName).toBe(companyName);
    expect(ro.company.address.country).toBe('RO');
    const bg = await pollSettings(bulgarian.token, (s) => s.company.address.country === 'BG');
    expect(bg.company.legalName).toMatch(/^Balkan Trade .* EOOD$/);
    expect(bg.company.address.country).toBe('BG');
  });

  describe('PATCH /settings', () => {
    let tenant: TestTenant;

    beforeEach(async () => {
      tenant = await signUp();
    });

    it('lets the admin change company details and defaults, merging nested objects', async () => {
      const changed = await request('PATCH', '/settings', {
        token: tenant.token,
        body: {
          company: {
            legalName: 'Brânzeturi Țărănești SRL',
            vatId: 'RO18547290',
            registrationNumber: 'J40/1234/2020',
            address: { street: 'Str. Lungă 1', city: 'Brașov', postalCode: '500035', country: 'RO' },
            iban: 'RO49 AAAA 1B31 0075 9384 0000',
          },
          defaultPaymentTermDays: 30,
          defaultPaymentMethod: 'card',
        },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        company: {
          legalName: 'Brânzeturi Țărănești SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. Lungă 1', city: 'Brașov', country: 'RO' },
          iban: 'RO49AAAA1B31007593840000',
        },
        defaultPaymentTermDays: 30,
        defaultPaymentMethod: 'card',
      });

      // Only the city: the rest of the address stays.
      await request('PATCH', '/settings', {
        token: tenant.token,
        body: { company: { address: { city: 'Cluj-Napoca' } } },
      });
      const read = await request('GET', '/settings', { token: tenant.token });
      expect(read.body.company.address).toMatchObject({
        street: 'Str. Lungă 1',
        city: 'Cluj-Napoca',
        country: 'RO',
      });
      expect(read.body.company.legalName).toBe('Brânzeturi Țărănești SRL');
      expect(read.body.defaultPaymentTermDays).toBe(30);
    });

    it('refuses unknown fields with 400 naming them', async () => {
      const answer = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { favouriteColour: 'blue', company: { nickname: 'ACME' } },
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(paths(answer.body)).toEqual(expect.arrayContaining(['favouriteColour', 'company.nickname']));
    });

    it('refuses to move a counter: series.invoice.nextNumber is 400', async () => {
      const answer = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { series: { invoice: { nextNumber: 42 } } },
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(paths(answer.body)).toContain('series.invoice.nextNumber');
      const read = await request('GET', '/settings', { token: tenant.token });
      expect(read.body.series.invoice.nextNumber).toBe(1);
    });

    it('refuses a default currency that is not enabled (422 with its path), changing nothing', async () => {
      const usd = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { defaultCurrency: 'USD', defaultPaymentTermDays: 7 },
      });
      expect(usd.status).toBe(422);
      expect(usd.headers['content-type']).toMatch(PROBLEM);
      expect(paths(usd.body)).toContain('defaultCurrency');

      const dropped = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { currencies: ['EUR'] },
      });
      expect(dropped.status).toBe(422);
      expect(paths(dropped.body)).toContain('defaultCurrency');

      const read = await request('GET', '/settings', { token: tenant.token });
      expect(read.body).toMatchObject({ defaultCurrency: 'RON', defaultPaymentTermDays: 14 });
      expect(read.body.currencies).toEqual(expect.arrayContaining(['RON', 'EUR']));
    });

    it('accepts a currency once it is enabled', async () => {
      const answer = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { currencies: ['RON', 'EUR', 'USD'], defaultCurrency: 'USD' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.defaultCurrency).toBe('USD');
    });

    it('refuses bad values with 400 naming the field', async () => {
      const answer = await request('PATCH', '/settings', {
        token: tenant.token,
        body: { defaultPaymentTermDays: 'soon', timeZone: 'Mars/Olympus', company: { iban: 'not-an-iban' } },
      });
      expect(answer.status).toBe(400);
      expect(paths(answer.body)).toEqual(
        expect.arrayContaining(['defaultPaymentTermDays', 'timeZone', 'company.iban']),
      );
    });
  });

  it('lets a member read the settings but not change them (403)', async () => {
    const admin = await signUp();
    const email = `member-${randomUUID()}@example.com`;
    const password = 'member-pass-12345';
    const created = await request('POST', '/users', {
      token: admin.token,
      body: { email, password, role: 'member' },
    });
    expect(created.status).toBe(201);
    const memberToken = await login(email, password);

    const read = await request('GET', '/settings', { token: memberToken });
    expect(read.status).toBe(200);
    expect(read.body.defaultCurrency).toBe('RON');

    const patch = await request('PATCH', '/settings', {
      token: memberToken,
      body: { defaultPaymentTermDays: 60 },
    });
    expect(patch.status).toBe(403);
    expect(patch.headers['content-type']).toMatch(PROBLEM);
    const after = await request('GET', '/settings', { token: admin.token });
    expect(after.body.defaultPaymentTermDays).toBe(14);
  });

  it('answers 401 without a token', async () => {
    const answer = await request('GET', '/settings');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(PROBLEM);
  });
});
