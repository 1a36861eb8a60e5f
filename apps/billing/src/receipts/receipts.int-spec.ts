import { createHash, randomUUID } from 'node:crypto';
import type { DocumentView, PaymentMethod, ReceiptView, RpcCaller } from '@app/contracts';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  deleteDocumentsQueues,
  pdfText,
  startDocumentsApp,
} from '../../../documents/test/documents-test-app';
import { ReceiptsModule } from '../../../documents/src/receipts/receipts.module';
import { StorageModule } from '../../../documents/src/storage/storage.module';
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

jest.setTimeout(90_000);

// 1000.00 net + 210.00 VAT = 1210.00 gross.
const LINE = {
  name: 'Implementare',
  unit: 'service',
  quantity: '1',
  unitPrice: '1000',
  vatRate: '21',
  saveToCatalogue: false,
};

/**
 * Cash receipts against the real billing (two instances on one queue), crm and documents: numbered
 * gap-free in the RCP series in the transaction that records the cash payment, and rendered once.
 */
describe('cash receipts', () => {
  let h: DocumentsHarness;
  let documents: Awaited<ReturnType<typeof startDocumentsApp>>;
  let tap: IssuedEventsTap;
  const NOW = new Date('2026-11-26T10:00:00Z');
  const LATER = new Date('2026-11-26T11:30:00Z');

  beforeAll(async () => {
    h = await startDocumentsHarness({ instances: 2, now: NOW });
    // Only the receipts feature of documents: a full documents app would also take part in the
    // email deliveries of other test files running at the same time (one deliveries table).
    documents = await startDocumentsApp({}, [StorageModule, ReceiptsModule]);
    tap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, '#');
  });
  afterAll(async () => {
    await tap?.close();
    await documents?.close();
    await deleteDocumentsQueues();
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const issueReceipt = (caller: RpcCaller, id: string, amount?: string) =>
    h.rpc.send(
      'billing.invoices.receipts.issue',
      { id, receipt: amount === undefined ? {} : { amount } },
      caller,
    );
  const getInvoice = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.documents.get', { kind: 'invoice', id }, caller);

  async function newTenant(): Promise<{ caller: RpcCaller; contactId: string }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller, { name: 'Ștefan Țărănescu SRL' });
    return { caller, contactId: contact.id };
  }

  async function issuedInvoice(
    tenant: { caller: RpcCaller; contactId: string },
    paymentMethod: PaymentMethod = 'cash',
  ): Promise<DocumentView> {
    const draft = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
        document: { contactId: tenant.contactId, issueDate: '2026-11-20', paymentMethod, lines: [LINE] },
      },
      tenant.caller,
    );
    return h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      tenant.caller,
    );
  }

  it('issues a receipt for a part of what is due, then the rest: RCP-0001, RCP-0002, the invoice paid once', async () => {
    const tenant = await newTenant();
    const invoice = await issuedInvoice(tenant);

    const first = await issueReceipt(tenant.caller, invoice.id, '101');
    expect(first).toEqual({
      id: expect.any(String),
      series: 'RCP',
      number: 1,
      fullNumber: 'RCP-0001',
      invoiceId: invoice.id,
      invoiceNumber: invoice.fullNumber,
      invoiceIssueDate: '2026-11-20',
      paymentId: expect.any(String),
      amount: '101.00',
      currency: 'RON',
      date: '2026-11-26',
      amountInWords: 'o sută unu lei',
      seller: invoice.seller,
      buyer: invoice.buyer,
      issuedAt: NOW.toISOString(),
    });
    expect(await getInvoice(tenant.caller, invoice.id)).toMatchObject({
      status: 'issued',
      totals: expect.objectContaining({ paid: '101.00', due: '1109.00' }),
    });

    // Without an amount: everything still due.
    h.clock.set(LATER);
    const rest = await issueReceipt(tenant.caller, invoice.id);
    expect(rest).toMatchObject({ fullNumber: 'RCP-0002', amount: '1109.00' });
    expect(rest.amountInWords).toBe('o mie o sută nouă lei');
    expect(await getInvoice(tenant.caller, invoice.id)).toMatchObject({
      status: 'paid',
      totals: expect.objectContaining({ paid: '1210.00', due: '0.00' }),
    });

    // Each receipt recorded its cash payment on the invoice.
    const payments = await h.rpc.send('billing.invoices.payments.list', { id: invoice.id }, tenant.caller);
    expect(payments.items.map((p) => [p.id, p.amount, p.method, p.date])).toEqual([
      [first.paymentId, '101.00', 'cash', '2026-11-26'],
      [rest.paymentId, '1109.00', 'cash', '2026-11-26'],
    ]);

    // Paid: nothing is due, so no third receipt (and no number used).
    expect(await failure(issueReceipt(tenant.caller, invoice.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(issueReceipt(tenant.caller, invoice.id, '1'))).toMatchObject({ code: 'CONFLICT' });
    const settings = await h.rpc.send('billing.settings.get', {}, tenant.caller);
    expect(settings.series.receipt).toMatchObject({ prefix: 'RCP', nextNumber: 3 });

    const events = await billingEventsSettled(h.dataSource, tap, tenant.caller.tenantId, 6);
    const ofType = (type: string) => events.filter((event) => event.type === type);
    expect(ofType('billing.receipt.issued').map((event) => event.data)).toEqual([
      { receipt: first },
      { receipt: rest },
    ]);
    expect(ofType('billing.payment.recorded')).toHaveLength(2);
    expect(ofType('billing.invoice.paid').map((event) => event.data)).toEqual([
      { documentId: invoice.id, paidAt: LATER.toISOString() },
    ]);
  });

  it('refuses invoices not paid in cash, drafts and stornos (409), and says why', async () => {
    const tenant = await newTenant();
    const byTransfer = await issuedInvoice(tenant, 'bank_transfer');
    const refused = await failure(issueReceipt(tenant.caller, byTransfer.id));
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(refused.message).toMatch(/only for invoices paid in cash/);
    expect(refused.message).toContain('bank_transfer');

    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'invoice', document: { contactId: tenant.contactId, paymentMethod: 'cash', lines: [LINE] } },
      tenant.caller,
    );
    expect(await failure(issueReceipt(tenant.caller, draft.id))).toMatchObject({ code: 'CONFLICT' });

    const cash = await issuedInvoice(tenant);
    const storno = await h.rpc.send('billing.invoices.reverse', { id: cash.id, options: {} }, tenant.caller);
    expect(await failure(issueReceipt(tenant.caller, storno.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(issueReceipt(tenant.caller, cash.id))).toMatchObject({ code: 'CONFLICT' });

    // None of these used a number.
    const settings = await h.rpc.send('billing.settings.get', {}, tenant.caller);
    expect(settings.series.receipt.nextNumber).toBe(1);
  });

  it('refuses an amount of zero or less, or more than is due (422 on amount), using no number', async () => {
    const tenant = await newTenant();
    const invoice = await issuedInvoice(tenant);
    for (const amount of ['0', '0.00', '-5', '1210.01', '5000']) {
      const refused = await failure(issueReceipt(tenant.caller, invoice.id, amount));
      expect(refused).toMatchObject({
        code: 'UNPROCESSABLE',
        errors: [expect.objectContaining({ path: 'amount' })],
      });
    }
    expect(await failure(issueReceipt(tenant.caller, invoice.id, 'abc'))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await failure(issueReceipt(tenant.caller, invoice.id, '1.005'))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    // Numbers are given by billing only.
    expect(
      await failure(
        h.rpc.send(
          'billing.invoices.receipts.issue',
          { id: invoice.id, receipt: { number: 7 } as never },
          tenant.caller,
        ),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await issueReceipt(tenant.caller, invoice.id, '1210')).toMatchObject({ fullNumber: 'RCP-0001' });
  });

  it('numbers 20 concurrent receipts on different invoices across two billing instances 1..20, with refusals in between using none', async () => {
    const tenant = await newTenant();
    const invoices: DocumentView[] = [];
    for (let i = 0; i < 20; i += 5)
      invoices.push(...(await Promise.all(Array.from({ length: 5 }, () => issuedInvoice(tenant)))));
    const results = await Promise.allSettled([
      ...invoices.map((invoice) => issueReceipt(tenant.caller, invoice.id, '605')),
      // Overpayments racing with them: refused, and they take no number.
      ...invoices.slice(0, 5).map((invoice) => issueReceipt(tenant.caller, invoice.id, '9999')),
    ]);
    const receipts = results
      .filter((result): result is PromiseFulfilledResult<ReceiptView> => result.status === 'fulfilled')
      .map((result) => result.value);
    expect(receipts).toHaveLength(20);
    expect(receipts.map((receipt) => receipt.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(new Set(receipts.map((receipt) => receipt.invoiceId)).size).toBe(20);
    const stored = await h.dataSource.query<Array<{ full_number: string }>>(
      `SELECT full_number FROM billing.receipts WHERE tenant_id = $1 ORDER BY number`,
      [tenant.caller.tenantId],
    );
    expect(stored.map((row) => row.full_number)).toEqual(
      Array.from({ length: 20 }, (_, index) => `RCP-${String(index + 1).padStart(4, '0')}`),
    );
    // Each receipt and its cash payment point at each other.
    const linked = await h.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM billing.payments p JOIN billing.receipts r ON r.id = p.receipt_id
        WHERE p.tenant_id = $1 AND p.method = 'cash' AND r.payment_id = p.id`,
      [tenant.caller.tenantId],
    );
    expect(linked[0].count).toBe(20);
  });

  it('lists receipts newest first in pages, gets one, and answers 404 to another tenant', async () => {
    const tenant = await newTenant();
    const invoice = await issuedInvoice(tenant);
    const made: ReceiptView[] = [];
    for (let i = 0; i < 3; i++) made.push(await issueReceipt(tenant.caller, invoice.id, '10'));

    const firstPage = await h.rpc.send('billing.receipts.list', { limit: 2 }, tenant.caller);
    expect(firstPage.items.map((receipt) => receipt.fullNumber)).toEqual(['RCP-0003', 'RCP-0002']);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const secondPage = await h.rpc.send(
      'billing.receipts.list',
      { limit: 2, cursor: firstPage.nextCursor! },
      tenant.caller,
    );
    expect(secondPage).toEqual({ items: [made[0]], nextCursor: null });
    expect(await h.rpc.send('billing.receipts.get', { id: made[1].id }, tenant.caller)).toEqual(made[1]);
    expect(
      (await h.rpc.send('billing.receipts.list', { invoiceId: invoice.id }, tenant.caller)).items,
    ).toHaveLength(3);

    const intruder = newCaller();
    expect(await failure(h.rpc.send('billing.receipts.get', { id: made[0].id }, intruder))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(issueReceipt(intruder, invoice.id, '1'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.rpc.send('billing.receipts.list', {}, intruder)).toEqual({ items: [], nextCursor: null });
    expect(
      await failure(h.rpc.send('documents.receipts.pdf.get', { id: made[0].id }, intruder)),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(h.rpc.send('billing.receipts.get', { id: randomUUID() }, tenant.caller)),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('renders the receipt once: number, amount in figures and in words, the invoice it pays; same bytes every time', async () => {
    const tenant = await newTenant();
    const invoice = await issuedInvoice(tenant);
    const receipt = await issueReceipt(tenant.caller, invoice.id, '101');

    // Rendered from billing.receipt.issued and recorded once.
    const rendered = await waitFor('the stored receipt PDF', async () => {
      const stored = await h.dataSource.query<Array<{ sha256: string; kind: string; file_name: string }>>(
        `SELECT sha256, kind, file_name FROM documents.rendered_files WHERE tenant_id = $1 AND document_id = $2`,
        [tenant.caller.tenantId, receipt.id],
      );
      return stored.length ? stored : null;
    });
    expect(rendered).toEqual([{ sha256: expect.any(String), kind: 'receipt', file_name: 'RCP-0001.pdf' }]);

    const get = async () => {
      const reply = await h.rpc.send('documents.receipts.pdf.get', { id: receipt.id }, tenant.caller);
      return { ...reply, pdf: Buffer.from(reply.base64, 'base64') };
    };
    const first = await get();
    const second = await get();
    expect(first).toMatchObject({ fileName: 'RCP-0001.pdf', preview: false, sha256: rendered[0].sha256 });
    expect(second.pdf.equals(first.pdf)).toBe(true);
    expect(createHash('sha256').update(first.pdf).digest('hex')).toBe(rendered[0].sha256);

    const text = (await pdfText(first.pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Chitanță');
    expect(text).toContain('RCP-0001');
    expect(text).toContain('101.00 RON');
    expect(text).toContain('o sută unu lei');
    expect(text).toContain(`reprezentând contravaloarea facturii ${invoice.fullNumber} din 20.11.2026`);
    expect(text).toContain('Furnizor SRL');
    expect(text).toContain('Ștefan Țărănescu SRL');
  });
});
