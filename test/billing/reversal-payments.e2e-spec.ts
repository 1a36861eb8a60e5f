import { type Body, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;
const line = {
  name: 'Consultanță',
  unit: 'h',
  quantity: '2',
  unitPrice: '100',
  vatRate: '21',
  saveToCatalogue: false,
};

/** Storno, payments, a contact's documents and the contact-delete guard, over HTTP. */
describe('invoices: reverse, payments; a contact’s documents', () => {
  let owner: TestTenant;
  let intruder: TestTenant;
  let contactId: string;

  const call = (method: string, path: string, body?: unknown, tenant = owner) =>
    request(method, path, { token: tenant.token, body });

  async function issuedInvoice(): Promise<Body> {
    const draft = await call('POST', '/invoices', { contactId, lines: [line] });
    expect(draft.status).toBe(201);
    const issued = await call('POST', `/invoices/${draft.body.id}/issue`, {});
    expect(issued.status).toBe(200);
    return issued.body;
  }

  beforeAll(async () => {
    [owner, intruder] = await Promise.all([signUp(), signUp()]);
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
      vatId: 'RO14399840',
      address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
    });
    expect(contact.status).toBe(201);
    contactId = contact.body.id;
  });

  it('reverses an invoice: 201 storno with negative totals; again 409; the storno itself 409', async () => {
    const invoice = await issuedInvoice();
    const storno = await call('POST', `/invoices/${invoice.id}/reverse`, {});
    expect(storno.status).toBe(201);
    expect(storno.body).toMatchObject({
      status: 'issued',
      reversalOf: invoice.id,
      fullNumber: expect.stringMatching(/^INV-\d{4}$/),
      totals: expect.objectContaining({ net: '-200.00', vat: '-42.00', gross: '-242.00' }),
      lines: [expect.objectContaining({ quantity: '-2', unitPrice: '100.00' })],
    });
    expect(storno.body.number).toBe(invoice.number + 1);
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'reversed',
      reversedBy: storno.body.id,
    });
    const again = await call('POST', `/invoices/${invoice.id}/reverse`, {});
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(PROBLEM);
    expect((await call('POST', `/invoices/${storno.body.id}/reverse`, {})).status).toBe(409);
    expect((await call('POST', `/invoices/${invoice.id}/reverse`, { number: 1 })).status).toBe(400);
  });

  it('records payments: 201, listed; an overpayment is 422 on amount; paid when nothing is due', async () => {
    const invoice = await issuedInvoice();
    const today = invoice.issueDate;
    const first = await call('POST', `/invoices/${invoice.id}/payments`, {
      amount: '42',
      date: today,
      method: 'card',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ invoiceId: invoice.id, amount: '42.00', date: today, method: 'card' });
    const over = await call('POST', `/invoices/${invoice.id}/payments`, {
      amount: '200.01',
      date: today,
      method: 'card',
    });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toMatch(PROBLEM);
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    expect(
      (await call('POST', `/invoices/${invoice.id}/payments`, { amount: '200', date: today, method: 'cash' }))
        .status,
    ).toBe(201);
    const list = await call('GET', `/invoices/${invoice.id}/payments`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: Body) => p.amount)).toEqual(['42.00', '200.00']);
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'paid',
      totals: expect.objectContaining({ paid: '242.00', due: '0.00' }),
    });
    expect(
      (await call('POST', `/invoices/${invoice.id}/payments`, { amount: '0', date: today, method: 'cash' }))
        .status,
    ).toBe(400);
  });

  it('lists a contact’s documents; another tenant gets 404 on every new route and changes nothing', async () => {
    const invoice = await issuedInvoice();
    const documents = await call('GET', `/contacts/${contactId}/documents?limit=2`);
    expect(documents.status).toBe(200);
    expect(documents.body.items).toHaveLength(2);
    expect(documents.body.items[0].id).toBe(invoice.id);
    expect(documents.body.nextCursor).toEqual(expect.any(String));

    for (const [method, path, body] of [
      ['GET', `/contacts/${contactId}/documents`, undefined],
      ['POST', `/invoices/${invoice.id}/reverse`, {}],
      ['POST', `/invoices/${invoice.id}/payments`, { amount: '1', date: invoice.issueDate, method: 'cash' }],
      ['GET', `/invoices/${invoice.id}/payments`, undefined],
    ] as const) {
      const answer = await call(method, path, body, intruder);
      expect([method, path, answer.status]).toEqual([method, path, 404]);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
    }
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toEqual(invoice);
  });

  it('refuses (409) to delete a contact with issued documents', async () => {
    const answer = await call('DELETE', `/contacts/${contactId}`);
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/issued document/);
    expect((await call('GET', `/contacts/${contactId}`)).status).toBe(200);
  });
});
