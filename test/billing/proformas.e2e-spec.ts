import { randomUUID } from 'node:crypto';
import { type Body, request, signUp, type TestTenant } from '../support/api';
import { EventSubscriber } from '../support/events';

// Jest applies the default 5 s per test here (testTimeout is not a per-project option).
jest.setTimeout(90_000);
const PROBLEM = /^application\/problem\+json/;
// 1000.00 net + 210.00 VAT = 1210.00 gross.
const line = {
  name: 'Implementare',
  unit: 'service',
  quantity: '1',
  unitPrice: '1000',
  vatRate: '21',
  saveToCatalogue: false,
};

/** Proformas over HTTP: issue → mark paid into the final invoice (once, however often asked) → void. */
describe('proformas: mark paid into the final invoice, void', () => {
  let owner: TestTenant;
  let contactId: string;
  let events: EventSubscriber;

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request(method, path, { token: owner.token, body, headers });

  async function issuedProforma(): Promise<Body> {
    const draft = await call('POST', '/proformas', { contactId, lines: [line] });
    expect(draft.status).toBe(201);
    const issued = await call('POST', `/proformas/${draft.body.id}/issue`, {});
    expect(issued.status).toBe(200);
    return issued.body;
  }

  beforeAll(async () => {
    events = await EventSubscriber.start('billing.#');
    owner = await signUp();
    await call('PATCH', '/settings', {
      company: {
        legalName: 'Furnizor SRL',
        vatId: 'RO18547290',
        address: { street: 'Str. Mare 1', city: 'Sibiu', country: 'RO' },
      },
    });
    const contact = await call('POST', '/contacts', {
      type: 'company',
      name: 'Client SRL',
      email: 'client@example.com',
      vatId: 'RO14399840',
      address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
    });
    expect(contact.status).toBe(201);
    contactId = contact.body.id;
  });
  afterAll(async () => {
    await events?.stop();
  });

  it('issue → mark paid with generateInvoice → the invoice is issued and paid, both linked; a retry replays, a second call is 409', async () => {
    const proforma = await issuedProforma();
    expect(proforma).toMatchObject({ status: 'issued', fullNumber: expect.stringMatching(/^PRF-\d{4}$/) });
    const key = randomUUID();
    const paid = await call(
      'POST',
      `/proformas/${proforma.id}/mark-paid`,
      { generateInvoice: true, send: true },
      {
        'Idempotency-Key': key,
      },
    );
    expect(paid.status).toBe(200);
    const { invoice } = paid.body;
    expect(paid.body.proforma).toMatchObject({ id: proforma.id, status: 'paid', invoiceId: invoice.id });
    expect(invoice).toMatchObject({
      kind: 'invoice',
      status: 'paid',
      fullNumber: expect.stringMatching(/^INV-\d{4}$/),
      issueDate: proforma.issueDate,
      proformaId: proforma.id,
      buyer: proforma.buyer,
      totals: expect.objectContaining({ gross: '1210.00', paid: '1210.00', due: '0.00' }),
      delivery: expect.objectContaining({ status: expect.stringMatching(/^(queued|sent)$/) }),
    });
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'paid',
      proformaId: proforma.id,
    });
    expect((await call('GET', `/proformas/${proforma.id}`)).body).toMatchObject({
      status: 'paid',
      invoiceId: invoice.id,
    });
    const payments = await call('GET', `/invoices/${invoice.id}/payments`);
    expect(payments.body.items).toEqual([expect.objectContaining({ amount: '1210.00' })]);

    // The same request retried with its key: the first answer again, nothing new.
    const replay = await call(
      'POST',
      `/proformas/${proforma.id}/mark-paid`,
      { generateInvoice: true, send: true },
      {
        'Idempotency-Key': key,
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(paid.body);
    const again = await call('POST', `/proformas/${proforma.id}/mark-paid`, { generateInvoice: true });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);

    const converted = await events.of(owner.tenantId, 'billing.proforma.converted');
    expect(converted.map((event) => event.data)).toEqual([
      { proformaId: proforma.id, invoiceId: invoice.id },
    ]);
    expect(
      (await events.of(owner.tenantId, 'billing.proforma.paid')).map((e) => e.data.documentId),
    ).toContain(proforma.id);
  });

  it('makes exactly one invoice when two mark-paid calls arrive at once', async () => {
    const proforma = await issuedProforma();
    const before = await call('GET', '/invoices?limit=200');
    const answers = await Promise.all(
      [0, 1].map(() => call('POST', `/proformas/${proforma.id}/mark-paid`, { generateInvoice: true })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const invoice = answers.find((answer) => answer.status === 200)!.body.invoice;
    const after = await call('GET', '/invoices?limit=200');
    const made = after.body.items.filter((item: Body) => item.proformaId === proforma.id);
    expect(made.map((item: Body) => item.id)).toEqual([invoice.id]);
    expect(after.body.items).toHaveLength(before.body.items.length + 1);
    const converted = (await events.of(owner.tenantId, 'billing.proforma.converted', 2)).filter(
      (event) => event.data.proformaId === proforma.id,
    );
    expect(converted).toHaveLength(1);
  });

  it('voids an unpaid proforma (200, voided, once); a paid one answers 409', async () => {
    const proforma = await issuedProforma();
    const voided = await call('POST', `/proformas/${proforma.id}/reverse`, {});
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ id: proforma.id, status: 'voided' });
    expect((await call('POST', `/proformas/${proforma.id}/reverse`, {})).status).toBe(409);
    expect((await call('POST', `/proformas/${proforma.id}/mark-paid`, {})).status).toBe(409);

    const paid = await issuedProforma();
    expect((await call('POST', `/proformas/${paid.id}/mark-paid`, {})).status).toBe(200);
    const refused = await call('POST', `/proformas/${paid.id}/reverse`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/paid/);
    const voidedEvents = await events.of(owner.tenantId, 'billing.proforma.voided');
    expect(voidedEvents.map((event) => event.data)).toEqual([{ documentId: proforma.id }]);
  });

  it('validates the body (unknown fields 400) and hides other tenants’ proformas (404)', async () => {
    const proforma = await issuedProforma();
    expect((await call('POST', `/proformas/${proforma.id}/mark-paid`, { amount: '5' })).status).toBe(400);
    expect((await call('POST', `/proformas/${proforma.id}/mark-paid`, { date: '2026-02-30' })).status).toBe(
      400,
    );
    const stranger = await signUp();
    const foreign = await request('POST', `/proformas/${proforma.id}/mark-paid`, {
      token: stranger.token,
      body: {},
    });
    expect(foreign.status).toBe(404);
    expect(
      (await request('POST', `/proformas/${proforma.id}/reverse`, { token: stranger.token, body: {} }))
        .status,
    ).toBe(404);
    expect((await call('GET', `/proformas/${proforma.id}`)).body.status).toBe('issued');
  });
});
