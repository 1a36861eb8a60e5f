import type { DocumentView, RpcCaller } from '@app/contracts';
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

const LINES = [
  {
    name: 'Consulting',
    unit: 'h',
    quantity: '2.5',
    unitPrice: '100.335',
    vatRate: '21',
    saveToCatalogue: false,
  },
  { name: 'Book', unit: 'pcs', quantity: '3', unitPrice: '40', vatRate: '11', saveToCatalogue: false },
];

describe('reversing invoices (storno)', () => {
  let h: DocumentsHarness;
  let tap: IssuedEventsTap;
  const NOW = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    // Two billing instances on one queue: racing reversals land on both.
    h = await startDocumentsHarness({ instances: 2, now: NOW });
    tap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.#');
  });
  afterAll(async () => {
    await tap?.close();
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const reverse = (caller: RpcCaller, id: string, options = {}) =>
    h.rpc.send('billing.invoices.reverse', { id, options }, caller);
  const get = (caller: RpcCaller, id: string, kind: 'invoice' | 'proforma' = 'invoice') =>
    h.rpc.send('billing.documents.get', { kind, id }, caller);

  async function issuedInvoice(
    issueDate = '2026-11-20',
  ): Promise<{ caller: RpcCaller; invoice: DocumentView }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: contact.id, issueDate, lines: LINES } },
      caller,
    );
    const invoice = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    return { caller, invoice };
  }

  it('issues a storno numbered next in the invoice series, negating quantities, with prices kept positive', async () => {
    const { caller, invoice } = await issuedInvoice();
    expect(invoice.totals).toMatchObject({ net: '370.84', vat: '65.88', gross: '436.72' });
    h.clock.set(new Date('2026-11-26T23:30:00Z')); // already 27 November in Bucharest
    const storno = await reverse(caller, invoice.id);
    expect(storno).toMatchObject({
      kind: 'invoice',
      status: 'issued',
      series: 'INV',
      number: 2,
      fullNumber: 'INV-0002',
      issueDate: '2026-11-27',
      issuedAt: '2026-11-26T23:30:00.000Z',
      reversalOf: invoice.id,
      reversedBy: null,
      contactId: invoice.contactId,
      buyer: invoice.buyer,
      currency: invoice.currency,
      paymentMethod: invoice.paymentMethod,
      seller: expect.objectContaining({ legalName: 'Furnizor SRL' }),
      notes: expect.stringContaining(invoice.fullNumber!),
      totals: {
        net: '-370.84',
        vat: '-65.88',
        gross: '-436.72',
        paid: '0.00',
        due: '-436.72',
        vatBreakdown: [
          { rate: '21', category: 'standard', taxable: '-250.84', vat: '-52.68' },
          { rate: '11', category: 'standard', taxable: '-120.00', vat: '-13.20' },
        ],
      },
      delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    });
    expect(storno.lines.map((l) => [l.name, l.quantity, l.unitPrice, l.vatRate, l.net])).toEqual([
      ['Consulting', '-2.5', '100.335', '21', '-250.84'],
      ['Book', '-3', '40.00', '11', '-120.00'],
    ]);
    // Linked both ways; the original is reversed and otherwise unchanged.
    const original = await get(caller, invoice.id);
    expect(original).toEqual({
      ...invoice,
      status: 'reversed',
      reversedBy: storno.id,
      updatedAt: '2026-11-26T23:30:00.000Z',
    });
    expect(await get(caller, storno.id)).toEqual(storno);
    expect((await h.rpc.send('billing.settings.get', {}, caller)).series.invoice.nextNumber).toBe(3);

    // Events: the storno is issued (documents renders it) and the original reversed, once each.
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 3);
    expect(events.map((e) => e.type)).toEqual([
      'billing.invoice.issued',
      'billing.invoice.issued',
      'billing.invoice.reversed',
    ]);
    expect(events[1].data).toEqual({ document: storno });
    expect(events[2].data).toEqual({ invoiceId: invoice.id, storno });
  });

  it('reverses an invoice at most once (409 the second time), and never a storno or a draft', async () => {
    const { caller, invoice } = await issuedInvoice();
    const storno = await reverse(caller, invoice.id);
    expect(await failure(reverse(caller, invoice.id))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already reversed/),
    });
    expect(await failure(reverse(caller, storno.id))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/storno/i),
    });
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: invoice.contactId, lines: LINES } },
      caller,
    );
    expect(await failure(reverse(caller, draft.id))).toMatchObject({ code: 'CONFLICT' });
    expect((await get(caller, draft.id)).status).toBe('draft');
    // None of the refusals used a number.
    expect((await h.rpc.send('billing.settings.get', {}, caller)).series.invoice.nextNumber).toBe(3);
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 3);
    expect(events.filter((e) => e.type === 'billing.invoice.reversed')).toHaveLength(1);
  });

  it('makes exactly one storno when several reversals of one invoice race across two instances', async () => {
    const { caller, invoice } = await issuedInvoice();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => reverse(caller, invoice.id)));
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    expect(made).toHaveLength(1);
    expect(refused.map((e) => e.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(made[0].fullNumber).toBe('INV-0002');
    const stornos = await h.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM billing.documents WHERE tenant_id = $1 AND reversal_of = $2`,
      [caller.tenantId, invoice.id],
    );
    expect(stornos.map((s) => s.id)).toEqual([made[0].id]);
    expect((await get(caller, invoice.id)).reversedBy).toBe(made[0].id);
    expect((await h.rpc.send('billing.settings.get', {}, caller)).series.invoice.nextNumber).toBe(3);
  });

  it('reverses a paid invoice; the storno can be sent like an issue', async () => {
    const { caller, invoice } = await issuedInvoice();
    await h.rpc.send(
      'billing.invoices.payments.record',
      {
        id: invoice.id,
        payment: { amount: invoice.totals.gross, date: '2026-11-25', method: 'bank_transfer' },
      },
      caller,
    );
    expect((await get(caller, invoice.id)).status).toBe('paid');
    const storno = await reverse(caller, invoice.id, { send: true });
    expect(storno.delivery).toEqual({ status: 'queued', to: null, sentAt: null, error: null });
    expect(await get(caller, invoice.id)).toMatchObject({
      status: 'reversed',
      reversedBy: storno.id,
      totals: expect.objectContaining({ paid: invoice.totals.gross, due: '0.00' }),
    });
  });

  it('takes today as the issue date and refuses (422) while the series holds a later one, using no number', async () => {
    const { caller, invoice } = await issuedInvoice('2026-11-20');
    const later = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
        document: {
          contactId: invoice.contactId,
          issueDate: '2026-11-30',
          dueDate: '2026-12-30',
          lines: LINES,
        },
      },
      caller,
    );
    await h.rpc.send('billing.documents.issue', { kind: 'invoice', id: later.id, options: {} }, caller);
    expect(await failure(reverse(caller, invoice.id))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [
        expect.objectContaining({ path: 'issueDate', message: expect.stringContaining('2026-11-30') }),
      ],
    });
    expect((await get(caller, invoice.id)).status).toBe('issued');
    h.clock.set(new Date('2026-11-30T08:00:00Z'));
    expect((await reverse(caller, invoice.id)).fullNumber).toBe('INV-0003');
  });

  it('answers 404 for another tenant’s invoice and for a proforma, and changes nothing', async () => {
    const { caller, invoice } = await issuedInvoice();
    expect(await failure(reverse(newCaller(), invoice.id))).toMatchObject({ code: 'NOT_FOUND' });
    const proforma = await h.rpc.send(
      'billing.documents.create',
      { kind: 'proforma', document: { contactId: invoice.contactId, lines: LINES } },
      caller,
    );
    const issued = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'proforma', id: proforma.id, options: {} },
      caller,
    );
    expect(await failure(reverse(caller, issued.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get(caller, issued.id, 'proforma')).status).toBe('issued');
    expect((await get(caller, invoice.id)).status).toBe('issued');
  });

  it('refuses unknown fields in the request (400)', async () => {
    const { caller, invoice } = await issuedInvoice();
    expect(await failure(reverse(caller, invoice.id, { send: true, number: 7 }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
