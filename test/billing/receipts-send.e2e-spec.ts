import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Body, request, signUp, type TestTenant } from '../support/api';

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

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pdfText(pdf: Buffer): string {
  const file = path.join(tmpdir(), `receipt-${randomUUID()}.pdf`);
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(file, { force: true });
  }
}

/** Cash receipts and "send again", over HTTP through the gateway. */
describe('receipts and send again', () => {
  let owner: TestTenant;
  let intruder: TestTenant;
  let contactId: string;

  const call = (method: string, path: string, body?: unknown, tenant = owner) =>
    request(method, path, { token: tenant.token, body });

  async function issuedInvoice(paymentMethod = 'cash'): Promise<Body> {
    const draft = await call('POST', '/invoices', { contactId, paymentMethod, lines: [line] });
    expect(draft.status).toBe(201);
    const issued = await call('POST', `/invoices/${draft.body.id}/issue`, {});
    expect(issued.status).toBe(200);
    return issued.body;
  }

  beforeAll(async () => {
    [owner, intruder] = await Promise.all([signUp(), signUp()]);
    const settings = await call('PATCH', '/settings', {
      company: {
        legalName: 'Furnizor SRL',
        vatId: 'RO18547290',
        address: { street: 'Str. Mare 1', city: 'Sibiu', country: 'RO' },
      },
    });
    expect(settings.status).toBe(200);
    const contact = await call('POST', '/contacts', {
      type: 'company',
      name: 'Client SRL',
      email: 'plati@client.example',
      vatId: 'RO14399840',
      address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
    });
    expect(contact.status).toBe(201);
    contactId = contact.body.id;
  });

  it('issues receipts on a cash invoice: 201 RCP-0001 for 101, then the rest; the invoice paid; PDF in words', async () => {
    const invoice = await issuedInvoice();
    const first = await call('POST', `/invoices/${invoice.id}/receipts`, { amount: '101' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      series: 'RCP',
      number: 1,
      fullNumber: 'RCP-0001',
      invoiceId: invoice.id,
      amount: '101.00',
      currency: 'RON',
      date: invoice.issueDate,
      amountInWords: 'o sută unu lei',
    });
    const rest = await call('POST', `/invoices/${invoice.id}/receipts`, {});
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ fullNumber: 'RCP-0002', amount: '1109.00' });
    expect((await call('GET', `/invoices/${invoice.id}`)).body).toMatchObject({
      status: 'paid',
      totals: expect.objectContaining({ paid: '1210.00', due: '0.00' }),
    });
    const payments = await call('GET', `/invoices/${invoice.id}/payments`);
    expect(payments.body.items.map((p: Body) => [p.amount, p.method])).toEqual([
      ['101.00', 'cash'],
      ['1109.00', 'cash'],
    ]);

    const list = await call('GET', '/receipts?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: Body) => r.fullNumber)).toEqual(['RCP-0002']);
    expect(list.body.nextCursor).toEqual(expect.any(String));
    expect((await call('GET', `/receipts/${first.body.id}`)).body).toEqual(first.body);

    const pdf = await call('GET', `/receipts/${first.body.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect(pdf.headers['content-disposition']).toContain('RCP-0001.pdf');
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('RCP-0001');
    expect(text).toContain('101.00 RON');
    expect(text).toContain('o sută unu lei');
    expect(text).toContain(`facturii ${invoice.fullNumber}`);
    const again = await call('GET', `/receipts/${first.body.id}/pdf`);
    expect((again.body as Buffer).equals(pdf.body as Buffer)).toBe(true);

    // Another tenant: 404 everywhere, no data.
    for (const [method, route] of [
      ['GET', `/receipts/${first.body.id}`],
      ['GET', `/receipts/${first.body.id}/pdf`],
      ['POST', `/invoices/${invoice.id}/receipts`],
    ]) {
      const answer = await call(method, route, method === 'POST' ? {} : undefined, intruder);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(PROBLEM);
    }
    expect((await call('GET', '/receipts', undefined, intruder)).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a receipt on a non-cash invoice (409) and a wrong amount (422 on amount, 400 for no number)', async () => {
    const byCard = await issuedInvoice('card');
    const refused = await call('POST', `/invoices/${byCard.id}/receipts`, {});
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(refused.body.detail).toMatch(/cash/);

    const cash = await issuedInvoice();
    for (const amount of ['0', '1210.01']) {
      const wrong = await call('POST', `/invoices/${cash.id}/receipts`, { amount });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    }
    expect((await call('POST', `/invoices/${cash.id}/receipts`, { amount: 'ten' })).status).toBe(400);
    expect((await call('POST', `/invoices/${cash.id}/receipts`, { number: 5 })).status).toBe(400);
  });

  it('sends an issued invoice again: 202, queued, then sent; a draft 409; another tenant 404', async () => {
    const invoice = await issuedInvoice('bank_transfer');
    expect(invoice.delivery.status).toBe('not_sent');
    const sent = await call('POST', `/invoices/${invoice.id}/send`, { to: ['contabil@client.example'] });
    expect(sent.status).toBe(202);
    expect(sent.body.delivery).toEqual({
      status: 'queued',
      to: ['contabil@client.example'],
      sentAt: null,
      error: null,
    });
    const delivered = await until('the delivery to be sent', async () => {
      const current = await call('GET', `/invoices/${invoice.id}`);
      return current.body.delivery.status === 'sent' ? current.body.delivery : null;
    });
    expect(delivered).toMatchObject({ status: 'sent', to: ['contabil@client.example'], error: null });
    expect(delivered.sentAt).toEqual(expect.any(String));

    const draft = await call('POST', '/proformas', { contactId, lines: [line] });
    const notYet = await call('POST', `/proformas/${draft.body.id}/send`, {});
    expect(notYet.status).toBe(409);
    expect(notYet.headers['content-type']).toMatch(PROBLEM);
    expect((await call('POST', `/invoices/${invoice.id}/send`, {}, intruder)).status).toBe(404);
    expect((await call('POST', `/invoices/${invoice.id}/send`, { to: ['not-an-email'] })).status).toBe(400);
  });
});
