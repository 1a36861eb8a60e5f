import type { DocumentView, EventEnvelope, RpcCaller } from '@app/contracts';
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

// Jest applies the default 5 s per test here (testTimeout is not a per-project option).
jest.setTimeout(60_000);
// 1000.00 net + 210.00 VAT = 1210.00 gross.
const LINE = {
  name: 'Implementare',
  unit: 'service',
  quantity: '1',
  unitPrice: '1000',
  vatRate: '21',
  saveToCatalogue: false,
};

describe('proformas: mark paid (into the final invoice) and void', () => {
  let h: DocumentsHarness;
  let tap: IssuedEventsTap;
  const NOW = new Date('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    // Two billing instances on one queue: racing calls land on different processes' connections.
    h = await startDocumentsHarness({ instances: 2, now: NOW });
    tap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.#');
  });
  afterAll(async () => {
    await tap?.close();
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const markPaid = (caller: RpcCaller, id: string, options: Record<string, unknown> = {}) =>
    h.rpc.send('billing.proformas.mark-paid', { id, options }, caller);
  const get = (caller: RpcCaller, kind: 'invoice' | 'proforma', id: string) =>
    h.rpc.send('billing.documents.get', { kind, id }, caller);

  async function issuedProforma(): Promise<{ caller: RpcCaller; proforma: DocumentView }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'proforma', document: { contactId: contact.id, issueDate: '2026-11-20', lines: [LINE] } },
      caller,
    );
    const proforma = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'proforma', id: draft.id, options: {} },
      caller,
    );
    return { caller, proforma };
  }

  const types = (events: EventEnvelope[]) => events.map((event) => event.type);

  it('turns a paid proforma into its final invoice: issued on the payment date, paid, linked both ways', async () => {
    const { caller, proforma } = await issuedProforma();
    expect(proforma).toMatchObject({ status: 'issued', fullNumber: 'PRF-0001' });

    const answer = await markPaid(caller, proforma.id, {
      date: '2026-11-25',
      method: 'card',
      generateInvoice: true,
    });
    expect(answer.proforma).toMatchObject({
      id: proforma.id,
      status: 'paid',
      totals: { paid: '1210.00', due: '0.00' },
    });
    const invoice = answer.invoice!;
    expect(invoice).toMatchObject({
      kind: 'invoice',
      status: 'paid',
      fullNumber: 'INV-0001',
      issueDate: '2026-11-25',
      paymentMethod: 'card',
      proformaId: proforma.id,
      buyer: proforma.buyer,
      lines: [expect.objectContaining({ name: 'Implementare', quantity: '1', net: '1000.00' })],
      totals: expect.objectContaining({ gross: '1210.00', paid: '1210.00', due: '0.00' }),
      seller: expect.objectContaining({ legalName: 'Furnizor SRL' }),
    });
    expect(answer.proforma.invoiceId).toBe(invoice.id);
    // What GET answers afterwards is what mark-paid answered.
    expect(await get(caller, 'invoice', invoice.id)).toEqual(invoice);
    expect(await get(caller, 'proforma', proforma.id)).toEqual(answer.proforma);
    const payments = await h.rpc.send('billing.invoices.payments.list', { id: invoice.id }, caller);
    expect(payments.items).toEqual([
      expect.objectContaining({ amount: '1210.00', date: '2026-11-25', method: 'card' }),
    ]);

    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 6);
    expect(types(events)).toEqual([
      'billing.proforma.issued',
      'billing.proforma.paid',
      'billing.invoice.issued',
      'billing.payment.recorded',
      'billing.invoice.paid',
      'billing.proforma.converted',
    ]);
    expect(events[2].data).toEqual({ document: invoice });
    expect(events[5].data).toEqual({ proformaId: proforma.id, invoiceId: invoice.id });
  });

  it('yields exactly one invoice when mark-paid arrives twice at once (two billing instances)', async () => {
    const { caller, proforma } = await issuedProforma();
    const results = await Promise.allSettled(
      [0, 1].map(() => markPaid(caller, proforma.id, { generateInvoice: true })),
    );
    const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    expect(answered).toHaveLength(1);
    expect(refused.map((error) => error.code)).toEqual(['CONFLICT']);
    const invoices = await h.dataSource.query<Array<{ id: string; number: string }>>(
      `SELECT id, number::text AS number FROM billing.documents WHERE tenant_id = $1 AND kind = 'invoice'`,
      [caller.tenantId],
    );
    expect(invoices).toEqual([{ id: answered[0].invoice!.id, number: '1' }]);
    // And a later retry is refused too, naming the invoice it already made.
    const again = await failure(markPaid(caller, proforma.id, { generateInvoice: true }));
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(answered[0].invoice!.id),
    });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 6);
    expect(types(events).filter((type) => type === 'billing.proforma.converted')).toHaveLength(1);
    expect(types(events).filter((type) => type === 'billing.invoice.issued')).toHaveLength(1);
  });

  it('records the payment on the proforma alone when no invoice is asked for; sends only with an invoice', async () => {
    const { caller, proforma } = await issuedProforma();
    expect(await failure(markPaid(caller, proforma.id, { send: true }))).toMatchObject({
      code: 'BAD_REQUEST',
      errors: [expect.objectContaining({ path: 'send' })],
    });
    const answer = await markPaid(caller, proforma.id);
    expect(answer.invoice).toBeUndefined();
    expect(answer.proforma).toMatchObject({
      status: 'paid',
      invoiceId: null,
      totals: expect.objectContaining({ due: '0.00' }),
    });
    expect(await failure(markPaid(caller, proforma.id, { generateInvoice: true }))).toMatchObject({
      code: 'CONFLICT',
    });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
    expect(types(events)).toEqual(['billing.proforma.issued', 'billing.proforma.paid']);
  });

  it('queues the final invoice for email when asked to send it', async () => {
    const { caller, proforma } = await issuedProforma();
    const { invoice } = await markPaid(caller, proforma.id, { generateInvoice: true, send: true });
    expect(invoice!.delivery.status).toBe('queued');
  });

  it('refuses payment dates in the future or before the proforma, and changes nothing', async () => {
    const { caller, proforma } = await issuedProforma();
    const future = await failure(
      markPaid(caller, proforma.id, { date: '2026-11-27', generateInvoice: true }),
    );
    expect(future).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'date' })],
    });
    const early = await failure(markPaid(caller, proforma.id, { date: '2026-11-19' }));
    expect(early).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'date' })],
    });
    expect((await get(caller, 'proforma', proforma.id)).status).toBe('issued');
    const [{ count }] = await h.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM billing.documents WHERE tenant_id = $1 AND kind = 'invoice'`,
      [caller.tenantId],
    );
    expect(count).toBe(0);
  });

  it('voids an unpaid proforma once; a paid one cannot be voided, a voided one cannot be paid', async () => {
    const { caller, proforma } = await issuedProforma();
    const voided = await h.rpc.send('billing.proformas.void', { id: proforma.id }, caller);
    expect(voided).toMatchObject({ id: proforma.id, status: 'voided', fullNumber: 'PRF-0001' });
    expect(await failure(h.rpc.send('billing.proformas.void', { id: proforma.id }, caller))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(markPaid(caller, proforma.id))).toMatchObject({ code: 'CONFLICT' });

    const other = await issuedProformaOf(caller);
    await markPaid(caller, other.id);
    expect(await failure(h.rpc.send('billing.proformas.void', { id: other.id }, caller))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('paid'),
    });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 4);
    expect(types(events).filter((type) => type === 'billing.proforma.voided')).toHaveLength(1);
    expect(events.find((event) => event.type === 'billing.proforma.voided')!.data).toEqual({
      documentId: proforma.id,
    });
  });

  it('answers 404 for another tenant’s proforma and for an invoice id', async () => {
    const { caller, proforma } = await issuedProforma();
    expect(await failure(markPaid(newCaller(), proforma.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(h.rpc.send('billing.proformas.void', { id: proforma.id }, newCaller())),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    const { invoice } = await markPaid(caller, proforma.id, { generateInvoice: true });
    expect(await failure(markPaid(caller, invoice!.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  async function issuedProformaOf(caller: RpcCaller): Promise<DocumentView> {
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'proforma', document: { contactId: contact.id, issueDate: '2026-11-20', lines: [LINE] } },
      caller,
    );
    return h.rpc.send('billing.documents.issue', { kind: 'proforma', id: draft.id, options: {} }, caller);
  }
});
