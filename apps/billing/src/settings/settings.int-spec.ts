import type { RpcCaller, UpdateSettingsDto } from '@app/contracts';
import { newTenant, startBilling, type BillingTestApp } from '../../test/billing-test-app';

describe('billing settings over RPC', () => {
  let billing: BillingTestApp;
  beforeAll(async () => {
    billing = await startBilling();
  });
  afterAll(async () => {
    await billing?.close();
  });

  const get = (caller: RpcCaller) => billing.rpc.send('billing.settings.get', {}, caller);
  const patch = (caller: RpcCaller, body: unknown) =>
    billing.rpc.send('billing.settings.update', body as UpdateSettingsDto, caller);
  const markSeriesUsed = (tenantId: string, kind: string, nextNumber: number) =>
    billing.dataSource.query(
      'UPDATE billing.number_series SET used = true, next_number = $3 WHERE tenant_id = $1 AND kind = $2',
      [tenantId, kind, nextNumber],
    );

  it('gives a new tenant Romanian defaults on first read', async () => {
    const { member } = newTenant();
    expect(await get(member)).toEqual({
      company: {
        legalName: null,
        vatId: null,
        registrationNumber: null,
        address: { street: null, city: null, region: null, postalCode: null, country: null },
        bankName: null,
        iban: null,
        email: null,
        phone: null,
      },
      timeZone: 'Europe/Bucharest',
      vatRegistered: true,
      vatExemptionNote: 'VAT exempt',
      vatRates: ['21', '11', '0'],
      units: ['pcs', 'h', 'service', 'kg', 'm'],
      currencies: ['RON', 'EUR'],
      defaultCurrency: 'RON',
      defaultPaymentTermDays: 14,
      defaultPaymentMethod: 'bank_transfer',
      series: {
        invoice: { prefix: 'INV', yearlyReset: false, nextNumber: 1 },
        proforma: { prefix: 'PRF', yearlyReset: false, nextNumber: 1 },
        offer: { prefix: 'OFR', yearlyReset: false, nextNumber: 1 },
        receipt: { prefix: 'RCP', yearlyReset: false, nextNumber: 1 },
      },
      emailSenderName: null,
      language: 'ro',
      draftOnDealWon: false,
    });
  });

  it('creates the defaults once when the first requests race each other', async () => {
    const { admin } = newTenant();
    const answers = await Promise.all([
      get(admin),
      get(admin),
      patch(admin, { draftOnDealWon: true }),
      get(admin),
      patch(admin, { defaultPaymentTermDays: 30 }),
    ]);
    expect(answers).toHaveLength(5);
    const rows = await billing.dataSource.query(
      'SELECT (SELECT count(*)::int FROM billing.settings WHERE tenant_id = $1) AS settings, (SELECT count(*)::int FROM billing.number_series WHERE tenant_id = $1) AS series',
      [admin.tenantId],
    );
    expect(rows[0]).toEqual({ settings: 1, series: 4 });
    expect(await get(admin)).toMatchObject({ draftOnDealWon: true, defaultPaymentTermDays: 30 });
  });

  it('fills the company at sign-up, and a repeated sign-up message changes nothing', async () => {
    const { admin } = newTenant();
    const first = await billing.rpc.send(
      'billing.settings.initialize',
      { companyName: 'ACME SRL', country: 'RO' },
      admin,
    );
    expect(first.company.legalName).toBe('ACME SRL');
    expect(first.company.address.country).toBe('RO');
    expect(first.emailSenderName).toBe('ACME SRL');
    const again = await billing.rpc.send(
      'billing.settings.initialize',
      { companyName: 'Other SRL', country: 'DE' },
      admin,
    );
    expect(again).toEqual(first);
  });

  it('lets an admin change company details, merging nested fields, and keeps them', async () => {
    const { admin, member } = newTenant();
    await patch(admin, {
      company: { legalName: 'ACME SRL', address: { city: 'Cluj-Napoca', country: 'RO' } },
    });
    const updated = await patch(admin, {
      company: {
        vatId: 'RO18547290',
        iban: 'ro49 aaaa 1b31 0075 9384 0000',
        address: { street: 'Str. Lungă 1' },
      },
      currencies: ['RON', 'EUR', 'USD'],
      defaultCurrency: 'EUR',
      units: ['pcs', 'h', 'day'],
      vatRates: ['21', '11', '5.00', '0'],
      series: { invoice: { prefix: 'ACM' } },
      emailSenderName: 'ACME Billing',
    });
    expect(updated.company).toMatchObject({
      legalName: 'ACME SRL',
      vatId: 'RO18547290',
      iban: 'RO49AAAA1B31007593840000',
      address: { street: 'Str. Lungă 1', city: 'Cluj-Napoca', country: 'RO', region: null },
    });
    expect(updated).toMatchObject({
      currencies: ['RON', 'EUR', 'USD'],
      defaultCurrency: 'EUR',
      units: ['pcs', 'h', 'day'],
      vatRates: ['21', '11', '5', '0'],
      series: { invoice: { prefix: 'ACM', yearlyReset: false, nextNumber: 1 }, receipt: { prefix: 'RCP' } },
      emailSenderName: 'ACME Billing',
    });
    expect(await get(member)).toEqual(updated);
  });

  it('refuses a member with 403, even when the gateway let the request through', async () => {
    const { member } = newTenant();
    await expect(patch(member, { draftOnDealWon: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await get(member)).draftOnDealWon).toBe(false);
  });

  it('answers 400 with field paths for malformed values and unknown fields', async () => {
    const { admin } = newTenant();
    const error = await patch(admin, {
      timeZone: 'Mars/Olympus',
      vatRates: ['21', 'abc'],
      defaultPaymentMethod: 'barter',
      company: { iban: 'RO00 1234', address: { country: 'Romania' } },
      series: { invoice: { nextNumber: 42 } },
      number: 'INV-1',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const paths = (error as { errors: Array<{ path: string }> }).errors.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timeZone',
        'vatRates',
        'defaultPaymentMethod',
        'company.iban',
        'company.address.country',
        'series.invoice.nextNumber',
        'number',
      ]),
    );
  });

  it('answers 422 listing every broken business rule with its path', async () => {
    const { admin } = newTenant();
    const error = await patch(admin, {
      currencies: ['EUR'],
      vatRates: ['21', '21.0', '150'],
      series: { receipt: { prefix: 'INV' } },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: expect.arrayContaining([
        expect.objectContaining({ path: 'defaultCurrency' }),
        expect.objectContaining({ path: 'vatRates.2' }),
        expect.objectContaining({ path: 'vatRates' }),
        expect.objectContaining({ path: 'series.receipt.prefix' }),
      ]),
    });
    // Nothing of a refused PATCH is kept.
    expect((await get(admin)).currencies).toEqual(['RON', 'EUR']);
  });

  it('limits a tenant that is not VAT registered to the 0 % rate', async () => {
    const { admin } = newTenant();
    expect((await patch(admin, { vatRegistered: false })).vatRates).toEqual(['0']);
    await expect(patch(admin, { vatRates: ['21', '0'] })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'vatRates' })],
    });
    // Registering again without naming rates gives back the standard Romanian ones.
    expect((await patch(admin, { vatRegistered: true })).vatRates).toEqual(['21', '11', '0']);
  });

  it('refuses to change the prefix of a series that has issued numbers (409), and shows its next number', async () => {
    const { admin } = newTenant();
    await patch(admin, { series: { invoice: { prefix: 'FACT' } } });
    await markSeriesUsed(admin.tenantId, 'invoice', 43);
    await expect(patch(admin, { series: { invoice: { prefix: 'INV' } } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(patch(admin, { series: { invoice: { yearlyReset: true } } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Sending the unchanged prefix back with other changes is fine; unused series still change.
    const settings = await patch(admin, {
      series: { invoice: { prefix: 'FACT' }, proforma: { prefix: 'PF', yearlyReset: true } },
    });
    expect(settings.series.invoice).toEqual({ prefix: 'FACT', yearlyReset: false, nextNumber: 43 });
    expect(settings.series.proforma).toEqual({ prefix: 'PF', yearlyReset: true, nextNumber: 1 });
  });

  it('keeps tenants apart', async () => {
    const a = newTenant();
    const b = newTenant();
    await patch(a.admin, { company: { legalName: 'Alpha SRL' } });
    expect((await get(b.admin)).company.legalName).toBeNull();
  });
});
