import type { DocumentView, PaymentView, RpcCaller } from '@app/contracts';
import { billingEventsSettled } from '../../test/billing-events';
import {
  IssuedEventsTap,
  completeSeller,
  createContact,
  failure,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

// 1000.00 net + 210.00 VAT = 1210.00 gross.
const LINE = {
  name: 'Implementare',
  unit: 'service',
  quantity: '1',
  unitPrice: '1000',
  vatRate: '21',
  saveToCatalogue: false,
};

describe('payments on invoices', () => {
  let h: DocumentsHarness;
  let tap: IssuedEventsTap;
  const NOW = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    h = await startDocumentsHarness({ instances: 2, now: NOW });
    tap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.#');
  });
  afterAll(async () => {
    await tap?.close();
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const pay = (
    caller: RpcCaller,
    id: string,
    amount: string,
    date = '2026-11-26',
    method = 'bank_transfer',
  ) =>
    h.rpc.send(
      'billing.invoices.payments.record',
      { id, payment: { amount, date, method: method as PaymentView['method'] } },
      caller,
    );
  const payments = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.invoices.payments.list', { id }, caller);
  const get = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.documents.get', { kind: 'invoice', id }, caller);

  async function tenantWithDraft(): Promise<{ caller: RpcCaller; draft: DocumentView }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: contact.id, issueDate: '2026-11-20', lines: [LINE] } },
      caller,
    );
    return { caller, draft };
  }

  async function issuedInvoice(): Promise<{ caller: RpcCaller; invoice: DocumentView }> {
    const { caller, draft } = await tenantWithDraft();
    const invoice = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    return { caller, invoice };
  }

  it('records a partial payment, then the rest: the invoice is paid, and billing.invoice.paid comes once', async () => {
    const { caller, invoice } = await issuedInvoice();
    h.clock.set(new Date('2026-11-26T11:00:00Z'));
    const first = await pay(caller, invoice.id, '210.5', '2026-11-21', 'cash');
    expect(first).toEqual({
      id: expect.any(String),
      invoiceId: invoice.id,
      amount: '210.50',
      date: '2026-11-21',
      method: 'cash',
      createdAt: '2026-11-26T11:00:00.000Z',
    });
    expect(await get(caller, invoice.id)).toMatchObject({
      status: 'issued',
      totals: { gross: '1210.00', paid: '210.50', due: '999.50' },
    });
    h.clock.set(new Date('2026-11-26T12:00:00Z'));
    const second = await pay(caller, invoice.id, '999.50');
    const paid = await get(caller, invoice.id);
    expect(paid).toMatchObject({
      status: 'paid',
      totals: { gross: '1210.00', paid: '1210.00', due: '0.00' },
    });
    // Payments keep the rest of the totals as issued.
    expect(paid.totals.vatBreakdown).toEqual(invoice.totals.vatBreakdown);
    expect(await payments(caller, invoice.id)).toEqual({ items: [first, second], nextCursor: null });

    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 4);
    expect(events.map((e) => e.type)).toEqual([
      'billing.invoice.issued',
      'billing.payment.recorded',
      'billing.payment.recorded',
      'billing.invoice.paid',
    ]);
    expect(events[1].data).toEqual({ invoiceId: invoice.id, payment: first });
    expect(events[2].data).toEqual({ invoiceId: invoice.id, payment: second });
    expect(events[3].data).toEqual({ documentId: invoice.id, paidAt: '2026-11-26T12:00:00.000Z' });

    // Nothing is due any more: a further payment is refused.
    expect(await failure(pay(caller, invoice.id, '1'))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an overpayment (422 on amount) and writes nothing', async () => {
    const { caller, invoice } = await issuedInvoice();
    await pay(caller, invoice.id, '1000');
    const error = await failure(pay(caller, invoice.id, '210.01'));
    expect(error).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'amount' })],
    });
    expect((await payments(caller, invoice.id)).items).toHaveLength(1);
    expect(await get(caller, invoice.id)).toMatchObject({
      status: 'issued',
      totals: { paid: '1000.00', due: '210.00' },
    });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
    expect(events.map((e) => e.type)).toEqual(['billing.invoice.issued', 'billing.payment.recorded']);
  });

  it('lets exactly one of two concurrent payments through when together they would overpay', async () => {
    const { caller, invoice } = await issuedInvoice();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => pay(caller, invoice.id, '700')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    expect(ok).toHaveLength(1);
    expect(refused.map((e) => e.code)).toEqual(Array(3).fill('UNPROCESSABLE'));
    expect(await get(caller, invoice.id)).toMatchObject({ totals: { paid: '700.00', due: '510.00' } });
    expect((await payments(caller, invoice.id)).items).toHaveLength(1);

    // Paying exactly the rest twice at once: one pays it off, the other finds nothing due.
    const rest = await Promise.allSettled([pay(caller, invoice.id, '510'), pay(caller, invoice.id, '510')]);
    expect(rest.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await get(caller, invoice.id)).status).toBe('paid');
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 4);
    expect(events.filter((e) => e.type === 'billing.invoice.paid')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'billing.payment.recorded')).toHaveLength(2);
  });

  it('takes payments on issued invoices only: a draft, a reversed invoice and a storno answer 409', async () => {
    const { caller, draft } = await tenantWithDraft();
    expect(await failure(pay(caller, draft.id, '10'))).toMatchObject({ code: 'CONFLICT' });
    const invoice = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    const storno = await h.rpc.send('billing.invoices.reverse', { id: invoice.id, options: {} }, caller);
    expect(await failure(pay(caller, invoice.id, '10'))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(pay(caller, storno.id, '10'))).toMatchObject({ code: 'CONFLICT' });
    expect(await payments(caller, invoice.id)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a payment dated before the issue date or in the future (422), and bad amounts (400)', async () => {
    const { caller, invoice } = await issuedInvoice();
    expect(await failure(pay(caller, invoice.id, '10', '2026-11-19'))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'date' })],
    });
    expect(await failure(pay(caller, invoice.id, '10', '2026-11-27'))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'date' })],
    });
    for (const amount of ['0', '0.00', '-5', '10.001', 'abc', '1e3'])
      expect(await failure(pay(caller, invoice.id, amount))).toMatchObject({
        code: 'BAD_REQUEST',
        errors: [expect.objectContaining({ path: 'payment.amount' })],
      });
    expect(await failure(pay(caller, invoice.id, '10', '2026-02-30'))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await failure(pay(caller, invoice.id, '10', '2026-11-26', 'barter'))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await payments(caller, invoice.id)).items).toEqual([]);
  });

  it('answers 404 for another tenant’s invoice on record and list, and records nothing', async () => {
    const { caller, invoice } = await issuedInvoice();
    const stranger = newCaller();
    expect(await failure(pay(stranger, invoice.id, '10'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(payments(stranger, invoice.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get(caller, invoice.id)).totals.paid).toBe('0.00');
  });
});
