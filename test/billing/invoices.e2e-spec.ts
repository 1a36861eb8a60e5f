import { type Body, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;

const paths = (problem: Body): string[] => (problem.errors ?? []).map((e: { path: string }) => e.path);
const ids = (page: Body): string[] => page.items.map((d: { id: string }) => d.id);

const company = {
  legalName: 'Brânzeturi Țărănești SRL',
  vatId: 'RO18547290',
  registrationNumber: 'J40/1234/2020',
  address: { street: 'Bd. Unirii 10', city: 'București', region: 'B', postalCode: '030167', country: 'RO' },
  bankName: 'Banca Transilvania',
  iban: 'RO49AAAA1B31007593840000',
};

const buyer = {
  type: 'company',
  name: 'Șoseaua Științei Distribuție SRL',
  email: 'contabilitate@stiinta.ro',
  address: { street: 'Str. Lungă 1', city: 'Brașov', region: 'BV', postalCode: '500035', country: 'RO' },
  vatId: 'RO14399840',
  registrationNumber: 'J08/1234/2020',
};

const consulting = {
  name: 'Servicii de consultanță',
  unit: 'h',
  quantity: '2',
  unitPrice: '150.00',
  vatRate: '21',
};

/** Today in the tenant's time zone (Europe/Bucharest by default), as YYYY-MM-DD. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date());
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

interface Seller {
  tenant: TestTenant;
  contactId: string;
}

/** A fresh tenant with its company details filled in and one company contact to invoice. */
async function seller(): Promise<Seller> {
  const tenant = await signUp();
  const settings = await request('PATCH', '/settings', { token: tenant.token, body: { company } });
  expect(settings.status).toBe(200);
  const contact = await request('POST', '/contacts', { token: tenant.token, body: buyer });
  expect(contact.status).toBe(201);
  return { tenant, contactId: contact.body.id };
}

async function draft(s: Seller, kind = 'invoices', extra: object = {}): Promise<Body> {
  const answer = await request('POST', `/${kind}`, {
    token: s.tenant.token,
    body: { contactId: s.contactId, lines: [consulting], ...extra },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function issue(s: Seller, id: string, kind = 'invoices'): Promise<Body> {
  const answer = await request('POST', `/${kind}/${id}/issue`, { token: s.tenant.token, body: {} });
  if (answer.status !== 200)
    throw new Error(`issue answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('invoices through the gateway: the user flow', () => {
  it('creates a draft for a contact with the buyer copied and the tenant’s defaults', async () => {
    const s = await seller();
    const answer = await request('POST', '/invoices', {
      token: s.tenant.token,
      body: { contactId: s.contactId },
    });
    expect(answer.status).toBe(201);
    const issueDate = today();
    expect(answer.body).toMatchObject({
      id: expect.any(String),
      kind: 'invoice',
      status: 'draft',
      contactId: s.contactId,
      buyer,
      seller: null,
      issueDate,
      dueDate: addDays(issueDate, 14),
      currency: 'RON',
      paymentMethod: 'bank_transfer',
      name: `Invoice – ${buyer.name} – ${issueDate}`,
      series: null,
      number: null,
      fullNumber: null,
      lines: [],
      totals: { net: '0.00', vat: '0.00', gross: '0.00', paid: '0.00', due: '0.00', vatBreakdown: [] },
    });
    const read = await request('GET', `/invoices/${answer.body.id}`, { token: s.tenant.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(answer.body);
    const list = await request('GET', '/invoices', { token: s.tenant.token });
    expect(ids(list.body)).toEqual([answer.body.id]);
  });

  it('uses the tenant’s payment term, and lets the draft give its own dates and currency', async () => {
    const s = await seller();
    await request('PATCH', '/settings', { token: s.tenant.token, body: { defaultPaymentTermDays: 30 } });
    const defaulted = await draft(s);
    expect(defaulted.dueDate).toBe(addDays(today(), 30));
    const given = await draft(s, 'invoices', {
      issueDate: today(),
      dueDate: addDays(today(), 3),
      currency: 'EUR',
      paymentMethod: 'cash',
      name: 'Abonament martie',
    });
    expect(given).toMatchObject({
      dueDate: addDays(today(), 3),
      currency: 'EUR',
      paymentMethod: 'cash',
      name: 'Abonament martie',
    });

    // A draft can still be edited freely.
    const edited = await request('PATCH', `/invoices/${given.id}`, {
      token: s.tenant.token,
      body: { notes: 'Plata în 3 zile', dueDate: addDays(today(), 10), currency: 'RON' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      notes: 'Plata în 3 zile',
      dueDate: addDays(today(), 10),
      currency: 'RON',
      name: 'Abonament martie',
      status: 'draft',
    });
    // A draft is work in progress: inconsistent dates are kept, and the issue check names them.
    const early = await request('PATCH', `/invoices/${given.id}`, {
      token: s.tenant.token,
      body: { dueDate: addDays(today(), -1) },
    });
    expect(early.status).toBe(200);
    const refused = await request('POST', `/invoices/${given.id}/issue`, { token: s.tenant.token, body: {} });
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(['dueDate']);
  });

  it('adds lines: a new one is saved to the catalogue, a product id fills the line in', async () => {
    const s = await seller();
    const created = await request('POST', '/invoices', {
      token: s.tenant.token,
      body: { contactId: s.contactId },
    });
    const id = created.body.id;

    const added = await request('POST', `/invoices/${id}/lines`, { token: s.tenant.token, body: consulting });
    expect(added.status).toBe(201);
    expect(added.body.lines).toHaveLength(1);
    expect(added.body.lines[0]).toMatchObject({ ...consulting, net: '300.00', vatCategory: 'standard' });
    const found = await request('GET', `/products?search=${encodeURIComponent('consultanță')}`, {
      token: s.tenant.token,
    });
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      name: consulting.name,
      unit: 'h',
      unitPrice: '150.00',
      vatRate: '21',
    });
    expect(added.body.lines[0].productId).toBe(found.body.items[0].id);

    const licence = await request('POST', '/products', {
      token: s.tenant.token,
      body: { name: 'Licență software', type: 'product', unit: 'pcs', unitPrice: '99.99', vatRate: '11' },
    });
    const fromCatalogue = await request('POST', `/invoices/${id}/lines`, {
      token: s.tenant.token,
      body: { productId: licence.body.id, quantity: '3' },
    });
    expect(fromCatalogue.status).toBe(201);
    expect(fromCatalogue.body.lines[1]).toMatchObject({
      productId: licence.body.id,
      name: 'Licență software',
      unit: 'pcs',
      quantity: '3',
      unitPrice: '99.99',
      vatRate: '11',
      net: '299.97',
    });
    // 300.00 at 21 % → 63.00; 299.97 at 11 % → 32.9967 → 33.00
    expect(fromCatalogue.body.totals).toEqual({
      net: '599.97',
      vat: '96.00',
      gross: '695.97',
      paid: '0.00',
      due: '695.97',
      vatBreakdown: expect.arrayContaining([
        { rate: '21', category: 'standard', taxable: '300.00', vat: '63.00' },
        { rate: '11', category: 'standard', taxable: '299.97', vat: '33.00' },
      ]),
    });
    expect(fromCatalogue.body.totals.vatBreakdown).toHaveLength(2);

    // A catalogue line may be overridden; a line marked not to be saved stays out of the catalogue.
    const overridden = await request('POST', `/invoices/${id}/lines`, {
      token: s.tenant.token,
      body: {
        productId: licence.body.id,
        quantity: '1',
        unitPrice: '80',
        name: 'Licență software (reducere)',
      },
    });
    expect(overridden.body.lines[2]).toMatchObject({
      name: 'Licență software (reducere)',
      unitPrice: '80.00',
    });
    await request('POST', `/invoices/${id}/lines`, {
      token: s.tenant.token,
      body: {
        name: 'Transport unic',
        unit: 'pcs',
        quantity: '1',
        unitPrice: '25',
        vatRate: '21',
        saveToCatalogue: false,
      },
    });
    const products = await request('GET', '/products', { token: s.tenant.token });
    expect(products.body.items.map((p: { name: string }) => p.name).sort()).toEqual(
      ['Licență software', 'Servicii de consultanță'].sort(),
    );
  });

  it('recomputes totals on every line change, as strings, rounding VAT per rate', async () => {
    const s = await seller();
    const pens = Array.from({ length: 10 }, () => ({
      name: 'Pix',
      unit: 'pcs',
      quantity: '1',
      unitPrice: '0.10',
      vatRate: '21',
      saveToCatalogue: false,
    }));
    const created = await request('POST', '/invoices', {
      token: s.tenant.token,
      body: { contactId: s.contactId, lines: pens },
    });
    expect(created.status).toBe(201);
    expect(created.body.totals).toEqual({
      net: '1.00',
      vat: '0.21',
      gross: '1.21',
      paid: '0.00',
      due: '1.21',
      vatBreakdown: [{ rate: '21', category: 'standard', taxable: '1.00', vat: '0.21' }],
    });
    for (const value of Object.values(created.body.totals).filter((v) => !Array.isArray(v)))
      expect(typeof value).toBe('string');

    const lineId = created.body.lines[0].id;
    const patched = await request('PATCH', `/invoices/${created.body.id}/lines/${lineId}`, {
      token: s.tenant.token,
      body: { quantity: '2.5', unitPrice: '0.333' },
    });
    expect(patched.status).toBe(200);
    // 2.5 × 0.333 = 0.8325 → 0.83; net 0.90 + 0.83 = 1.73; VAT 0.3633 → 0.36
    expect(patched.body.lines.find((l: { id: string }) => l.id === lineId)).toMatchObject({
      quantity: '2.5',
      unitPrice: '0.333',
      net: '0.83',
    });
    expect(patched.body.totals).toMatchObject({ net: '1.73', vat: '0.36', gross: '2.09', due: '2.09' });

    const removed = await request('DELETE', `/invoices/${created.body.id}/lines/${lineId}`, {
      token: s.tenant.token,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.lines).toHaveLength(9);
    expect(removed.body.totals).toMatchObject({ net: '0.90', vat: '0.19', gross: '1.09' });
  });

  it('issues with the next number, the seller snapshot and a locked content', async () => {
    const s = await seller();
    const first = await draft(s);
    const issued = await request('POST', `/invoices/${first.id}/issue`, { token: s.tenant.token, body: {} });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      id: first.id,
      status: 'issued',
      series: 'INV',
      number: 1,
      fullNumber: 'INV-0001',
      buyer,
      seller: { ...company, vatRegistered: true },
      issuedAt: expect.any(String),
    });
    expect(issued.body.totals).toEqual(first.totals);
    expect(await request('GET', `/invoices/${first.id}`, { token: s.tenant.token })).toMatchObject({
      status: 200,
      body: { status: 'issued', fullNumber: 'INV-0001' },
    });

    const second = await issue(s, (await draft(s)).id);
    expect(second.fullNumber).toBe('INV-0002');
    expect(second.number).toBe(2);

    // Later changes to the company do not touch what was issued.
    await request('PATCH', '/settings', {
      token: s.tenant.token,
      body: { company: { legalName: 'Alt Nume SRL', address: { city: 'Iași' } } },
    });
    const reread = await request('GET', `/invoices/${first.id}`, { token: s.tenant.token });
    expect(reread.body.seller).toMatchObject({ legalName: company.legalName, address: company.address });
    const settings = await request('GET', '/settings', { token: s.tenant.token });
    expect(settings.body.series.invoice.nextNumber).toBe(3);
  });

  it('refuses a draft that is not ready with 422 listing every problem, using no number', async () => {
    const s = await seller();
    expect((await issue(s, (await draft(s)).id)).fullNumber).toBe('INV-0001');

    const incomplete = await request('POST', '/contacts', {
      token: s.tenant.token,
      body: { type: 'company', name: 'Fără Adresă SRL', address: { country: 'RO' } },
    });
    const empty = await request('POST', '/invoices', {
      token: s.tenant.token,
      body: { contactId: incomplete.body.id },
    });
    expect(empty.status).toBe(201);
    const refused = await request('POST', `/invoices/${empty.body.id}/issue`, {
      token: s.tenant.token,
      body: {},
    });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(paths(refused.body)).toEqual(
      expect.arrayContaining(['buyer.address.street', 'buyer.address.city', 'buyer.vatId', 'lines']),
    );
    for (const problem of refused.body.errors) expect(problem.message).toEqual(expect.any(String));

    const still = await request('GET', `/invoices/${empty.body.id}`, { token: s.tenant.token });
    expect(still.body).toMatchObject({ status: 'draft', number: null, fullNumber: null });
    expect(
      (await request('GET', '/settings', { token: s.tenant.token })).body.series.invoice.nextNumber,
    ).toBe(2);

    expect((await issue(s, (await draft(s)).id)).fullNumber).toBe('INV-0002');
  });

  it('refuses to issue when the seller’s company details are missing, listing them', async () => {
    const tenant = await signUp();
    const contact = await request('POST', '/contacts', { token: tenant.token, body: buyer });
    const created = await request('POST', '/invoices', {
      token: tenant.token,
      body: { contactId: contact.body.id, lines: [consulting] },
    });
    const refused = await request('POST', `/invoices/${created.body.id}/issue`, {
      token: tenant.token,
      body: {},
    });
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toEqual(
      expect.arrayContaining(['seller.address.street', 'seller.address.city', 'seller.vatId']),
    );
    expect((await request('GET', '/settings', { token: tenant.token })).body.series.invoice.nextNumber).toBe(
      1,
    );
  });

  it('answers 409 to every change of an issued invoice but a rename', async () => {
    const s = await seller();
    const issued = await issue(s, (await draft(s)).id);
    const id = issued.id;
    const lineId = issued.lines[0].id;
    const token = s.tenant.token;
    const attempts: Array<[string, string, object?]> = [
      ['PATCH', `/invoices/${id}`, { notes: 'changed' }],
      ['PATCH', `/invoices/${id}`, { dueDate: addDays(today(), 60) }],
      ['PATCH', `/invoices/${id}`, { name: 'Renamed', currency: 'EUR' }],
      ['PATCH', `/invoices/${id}`, { lines: [] }],
      ['POST', `/invoices/${id}/lines`, consulting],
      ['PATCH', `/invoices/${id}/lines/${lineId}`, { quantity: '1' }],
      ['DELETE', `/invoices/${id}/lines/${lineId}`],
      ['DELETE', `/invoices/${id}`],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await request(method, path, { token, body });
      expect({ method, path, body, status: answer.status }).toEqual({ method, path, body, status: 409 });
      expect(answer.headers['content-type']).toMatch(PROBLEM);
    }
    // The edits say what to do instead.
    const edit = await request('PATCH', `/invoices/${id}`, { token, body: { notes: 'changed' } });
    expect(edit.body.detail).toMatch(/revers/i);

    const unchanged = await request('GET', `/invoices/${id}`, { token });
    expect(unchanged.body).toEqual(issued);

    const renamed = await request('PATCH', `/invoices/${id}`, {
      token,
      body: { name: 'Client Știința – martie' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Client Știința – martie',
      status: 'issued',
      fullNumber: 'INV-0001',
    });
    expect(renamed.body.lines).toEqual(issued.lines);
  });

  it('refuses a number, series or full number in any body (400), assigning none', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const created = await request('POST', '/invoices', {
      token,
      body: { contactId: s.contactId, number: 7 },
    });
    expect(created.status).toBe(400);
    expect(paths(created.body)).toContain('number');

    const d = await draft(s);
    const patched = await request('PATCH', `/invoices/${d.id}`, {
      token,
      body: { number: 99, series: 'X', fullNumber: 'X-0099' },
    });
    expect(patched.status).toBe(400);
    expect(paths(patched.body)).toEqual(expect.arrayContaining(['number', 'series', 'fullNumber']));
    const issuedWith = await request('POST', `/invoices/${d.id}/issue`, { token, body: { number: 5 } });
    expect(issuedWith.status).toBe(400);
    expect(paths(issuedWith.body)).toContain('number');

    expect((await request('GET', `/invoices/${d.id}`, { token })).body).toMatchObject({
      status: 'draft',
      number: null,
    });
    expect((await issue(s, d.id)).fullNumber).toBe('INV-0001');
  });

  it('copies a document into a new draft with the same lines', async () => {
    const s = await seller();
    const original = await issue(
      s,
      (
        await draft(s, 'invoices', {
          lines: [
            consulting,
            { name: 'Deplasare', unit: 'pcs', quantity: '1', unitPrice: '120.50', vatRate: '11' },
          ],
          currency: 'EUR',
          paymentMethod: 'card',
        })
      ).id,
    );
    const copy = await request('POST', `/invoices/${original.id}/copy`, { token: s.tenant.token });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      contactId: s.contactId,
      buyer,
      currency: 'EUR',
      paymentMethod: 'card',
      issueDate: today(),
      dueDate: addDays(today(), 14),
      series: null,
      number: null,
      fullNumber: null,
      totals: original.totals,
    });
    expect(copy.body.id).not.toBe(original.id);
    const content = (lines: Body[]) =>
      lines.map(({ productId, name, unit, quantity, unitPrice, vatRate, net }) => ({
        productId,
        name,
        unit,
        quantity,
        unitPrice,
        vatRate,
        net,
      }));
    expect(content(copy.body.lines)).toEqual(content(original.lines));
    const list = await request('GET', '/invoices', { token: s.tenant.token });
    expect(ids(list.body).sort()).toEqual([original.id, copy.body.id].sort());
  });

  it('moves a draft to the trash and back', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const kept = await draft(s);
    const d = await draft(s);
    const trashed = await request('DELETE', `/invoices/${d.id}`, { token });
    expect(trashed.status).toBe(204);
    expect(trashed.body).toBeNull();

    expect(ids((await request('GET', '/invoices', { token })).body)).toEqual([kept.id]);
    expect(ids((await request('GET', '/invoices?status=trashed', { token })).body)).toEqual([d.id]);
    expect((await request('GET', `/invoices/${d.id}`, { token })).body.status).toBe('trashed');

    const restored = await request('POST', `/invoices/${d.id}/restore`, { token });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: d.id, status: 'draft', lines: d.lines });
    expect(ids((await request('GET', '/invoices', { token })).body).sort()).toEqual([kept.id, d.id].sort());
    expect((await request('GET', '/invoices?status=trashed', { token })).body.items).toEqual([]);
  });

  it('numbers proformas and offers in their own series', async () => {
    const s = await seller();
    const proforma = await issue(s, (await draft(s, 'proformas')).id, 'proformas');
    expect(proforma).toMatchObject({ kind: 'proforma', status: 'issued', fullNumber: 'PRF-0001' });
    const offerDraft = await draft(s, 'offers');
    expect(offerDraft.name).toMatch(/^Offer – /);
    expect(offerDraft.validUntil).toEqual(expect.any(String));
    const offer = await issue(s, offerDraft.id, 'offers');
    expect(offer).toMatchObject({ kind: 'offer', status: 'issued', fullNumber: 'OFR-0001' });
    const invoice = await issue(s, (await draft(s)).id);
    expect(invoice.fullNumber).toBe('INV-0001');
    expect((await issue(s, (await draft(s, 'proformas')).id, 'proformas')).fullNumber).toBe('PRF-0002');

    // Each kind's list shows only its own documents; an invoice id is not a proforma.
    const proformas = await request('GET', '/proformas', { token: s.tenant.token });
    expect(proformas.body.items.every((d: { kind: string }) => d.kind === 'proforma')).toBe(true);
    expect((await request('GET', `/proformas/${invoice.id}`, { token: s.tenant.token })).status).toBe(404);
    expect((await request('GET', `/invoices/${offer.id}`, { token: s.tenant.token })).status).toBe(404);

    const series = (await request('GET', '/settings', { token: s.tenant.token })).body.series;
    expect(series).toMatchObject({
      invoice: { nextNumber: 2 },
      proforma: { nextNumber: 3 },
      offer: { nextNumber: 2 },
      receipt: { nextNumber: 1 },
    });
  });

  it('answers 409 to issuing an invoice twice, keeping its number', async () => {
    const s = await seller();
    const issued = await issue(s, (await draft(s)).id);
    const again = await request('POST', `/invoices/${issued.id}/issue`, { token: s.tenant.token, body: {} });
    expect(again.status).toBe(409);
    expect(
      (await request('GET', '/settings', { token: s.tenant.token })).body.series.invoice.nextNumber,
    ).toBe(2);
  });

  it('keeps the buyer of an issued invoice and refreshes the drafts when the contact changes', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const issued = await issue(s, (await draft(s)).id);
    const open = await draft(s);
    const edited = await request('PATCH', `/contacts/${s.contactId}`, {
      token,
      body: { name: 'Științe Noi SRL', address: { ...buyer.address, city: 'Sibiu' } },
    });
    expect(edited.status).toBe(200);
    const deadline = Date.now() + 8000;
    let refreshed: Body;
    do {
      refreshed = (await request('GET', `/invoices/${open.id}`, { token })).body;
      if (refreshed.buyer.name === 'Științe Noi SRL') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < deadline);
    expect(refreshed.buyer).toMatchObject({ name: 'Științe Noi SRL', address: { city: 'Sibiu' } });
    const kept = await request('GET', `/invoices/${issued.id}`, { token });
    expect(kept.body.buyer).toEqual(issued.buyer);
  });

  it('refuses an issue date earlier than the last issued document of the series, using no number', async () => {
    const s = await seller();
    expect((await issue(s, (await draft(s)).id)).fullNumber).toBe('INV-0001');
    const backdated = await draft(s, 'invoices', { issueDate: addDays(today(), -1) });
    const refused = await request('POST', `/invoices/${backdated.id}/issue`, {
      token: s.tenant.token,
      body: {},
    });
    expect(refused.status).toBe(422);
    expect(paths(refused.body)).toContain('issueDate');
    expect(
      (await request('GET', '/settings', { token: s.tenant.token })).body.series.invoice.nextNumber,
    ).toBe(2);
  });

  it('uses a changed prefix and the yearly format, and locks the prefix once a number is used', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const changed = await request('PATCH', '/settings', {
      token,
      body: { series: { invoice: { prefix: 'FACT', yearlyReset: true } } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.series.invoice).toEqual({ prefix: 'FACT', yearlyReset: true, nextNumber: 1 });
    const issued = await issue(s, (await draft(s)).id);
    expect(issued.fullNumber).toBe(`FACT-${today().slice(0, 4)}-0001`);
    const again = await request('PATCH', '/settings', {
      token,
      body: { series: { invoice: { prefix: 'FCT' } } },
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);
    expect((await request('GET', '/settings', { token })).body.series.invoice.prefix).toBe('FACT');
    // The other series are still unused: their prefix may change.
    const offer = await request('PATCH', '/settings', {
      token,
      body: { series: { offer: { prefix: 'OF' } } },
    });
    expect(offer.status).toBe(200);
  });

  it('gives a tenant that is not VAT registered exempt 0 % lines, and refuses VAT at issue', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const exempt = await request('PATCH', '/settings', {
      token,
      body: { vatRegistered: false, vatExemptionNote: 'Scutit de TVA conform art. 310 Cod fiscal' },
    });
    expect(exempt.status).toBe(200);
    expect(exempt.body.vatRates).toEqual(['0']);
    const created = await request('POST', '/invoices', {
      token,
      body: {
        contactId: s.contactId,
        lines: [{ name: 'Meditații', unit: 'h', quantity: '3', unitPrice: '50' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.lines[0]).toMatchObject({ vatRate: '0', vatCategory: 'exempt', net: '150.00' });
    expect(created.body.totals).toMatchObject({ net: '150.00', vat: '0.00', gross: '150.00' });
    expect(created.body.vatExemptionNote).toBe('Scutit de TVA conform art. 310 Cod fiscal');
    const issued = await issue(s, created.body.id);
    expect(issued.seller).toMatchObject({ vatRegistered: false });

    const withVat = await request('POST', '/invoices', {
      token,
      body: {
        contactId: s.contactId,
        lines: [{ name: 'Meditații', unit: 'h', quantity: '1', unitPrice: '50', vatRate: '21' }],
      },
    });
    if (withVat.status === 201) {
      const refused = await request('POST', `/invoices/${withVat.body.id}/issue`, { token, body: {} });
      expect(refused.status).toBe(422);
      expect(paths(refused.body)).toContain('lines.0.vatRate');
    } else {
      expect(withVat.status).toBe(422);
      expect(paths(withVat.body)).toContain('lines.0.vatRate');
    }
  });

  it('filters the list by status and contact', async () => {
    const s = await seller();
    const token = s.tenant.token;
    const issued = await issue(s, (await draft(s)).id);
    const open = await draft(s);
    const other = await request('POST', '/contacts', { token, body: { ...buyer, name: 'Alt Client SRL' } });
    const forOther = await request('POST', '/invoices', { token, body: { contactId: other.body.id } });

    expect(ids((await request('GET', '/invoices?status=issued', { token })).body)).toEqual([issued.id]);
    expect(ids((await request('GET', '/invoices?status=draft', { token })).body).sort()).toEqual(
      [open.id, forOther.body.id].sort(),
    );
    expect(ids((await request('GET', `/invoices?contactId=${other.body.id}`, { token })).body)).toEqual([
      forOther.body.id,
    ]);
    const bad = await request('GET', '/invoices?status=lost', { token });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toContain('status');
  });
});
