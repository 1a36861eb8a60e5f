import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DocumentView, EVENTS_EXCHANGE, type EventEnvelope, type RpcCaller } from '@app/contracts';
import { brokerChannel } from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  completeSeller,
  createContact,
  failure,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../../billing/test/documents-harness';
import {
  deleteDocumentsQueues,
  startDocumentsApp,
  type DocumentsTestApp,
} from '../../test/documents-test-app';
import { SmtpSink } from '../../test/smtp-sink';
import { FileStorage } from '../storage/file-storage';
import { validateEinvoices } from '../../test/ubl/einvoice-validator';
import { BUCHAREST_COMPANY, IASI_COMPANY, issuedInvoice, stornoOf } from '../../test/ubl/invoice-fixtures';
import { text } from '../../test/ubl/xml-query';

jest.setTimeout(120_000);

/**
 * The e-invoice wired into the running service: `billing.invoice.issued` → the UBL XML stored
 * beside the PDF, served as stored over `documents.ubl.get`, attached to the email when the tenant
 * asked for it, and submitted to the (fake) national platform.
 */
describe('e-invoice (UBL) of issued invoices', () => {
  let h: DocumentsHarness;
  let documents: DocumentsTestApp;
  let dataSource: DataSource;
  let smtp: SmtpSink;
  let publisher: Awaited<ReturnType<typeof brokerChannel>>;

  beforeAll(async () => {
    process.env.EINVOICE_PLATFORM = 'fake';
    process.env.EINVOICE_POLL_MS = '100';
    process.env.DELIVERY_POLL_MS = '100';
    process.env.PDF_WORKERS = '1';
    h = await startDocumentsHarness({ now: new Date('2026-11-26T10:00:00Z') });
    smtp = await new SmtpSink().start();
    documents = await startDocumentsApp({ smtpUrl: smtp.url });
    dataSource = documents.app.get(DataSource);
    publisher = await brokerChannel();
  });
  afterAll(async () => {
    await publisher?.connection.close().catch(() => undefined);
    await documents?.close();
    await smtp?.stop();
    await deleteDocumentsQueues();
    await h?.close();
    delete process.env.EINVOICE_PLATFORM;
    delete process.env.EINVOICE_POLL_MS;
  });

  /** Publishes billing's event the way billing's outbox relay does. */
  function publishIssued(tenantId: string, document: DocumentView): void {
    const id = randomUUID();
    const envelope: EventEnvelope = {
      id,
      type: `billing.${document.kind}.issued`,
      version: 1,
      occurredAt: document.issuedAt ?? new Date().toISOString(),
      tenantId,
      correlationId: id,
      data: { document },
    };
    publisher.channel.publish(EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
      messageId: id,
      type: envelope.type,
      persistent: true,
      contentType: 'application/json',
    });
  }

  const storedFormats = async (tenantId: string, documentId: string) =>
    (
      await dataSource.query<Array<{ format: string }>>(
        `SELECT format FROM documents.rendered_files WHERE tenant_id = $1 AND document_id = $2 ORDER BY format`,
        [tenantId, documentId],
      )
    ).map((row) => row.format);

  const waitForUbl = (tenantId: string, documentId: string) =>
    waitFor('the stored UBL', async () => (await storedFormats(tenantId, documentId)).includes('ubl'));

  const getUbl = (caller: RpcCaller, id: string, kind?: 'invoice' | 'proforma') =>
    h.rpc.send('documents.ubl.get', kind ? { kind, id } : { id }, caller);

  /** The stored file itself (what the validator checks), not what the RPC answers. */
  async function storedXml(tenantId: string, documentId: string): Promise<string> {
    const [row] = await dataSource.query<Array<{ storage_key: string }>>(
      `SELECT storage_key FROM documents.rendered_files WHERE tenant_id = $1 AND document_id = $2 AND format = 'ubl'`,
      [tenantId, documentId],
    );
    return (await documents.app.get(FileStorage).get(row.storage_key))!.toString('utf8');
  }

  it('stores the XML of an invoice and its storno once, with billing’s totals, valid, and submits both', async () => {
    const caller = newCaller();
    const invoice = issuedInvoice(
      [
        { name: 'Laptop de birou', unit: 'pcs', quantity: '2', unitPrice: '3899.99', vatRate: '21' },
        { name: 'Manuale tehnice tipărite', unit: 'pcs', quantity: '7', unitPrice: '45.35', vatRate: '11' },
        {
          name: 'Transport',
          unit: 'km',
          quantity: '380',
          unitPrice: '2.15',
          vatRate: '0',
          vatCategory: 'zero',
        },
      ],
      { buyer: IASI_COMPANY, notes: 'Vă mulțumim!' },
    );
    const { storno } = stornoOf(invoice);
    publishIssued(caller.tenantId, invoice);
    await waitForUbl(caller.tenantId, invoice.id);
    // The storno finds the original's number and date in documents' own records.
    publishIssued(caller.tenantId, storno);
    await waitForUbl(caller.tenantId, storno.id);
    expect(await storedFormats(caller.tenantId, invoice.id)).toEqual(['pdf', 'ubl']);

    const first = await getUbl(caller, invoice.id);
    const second = await getUbl(caller, invoice.id);
    expect(first).toMatchObject({ fileName: 'INV-0042.xml', contentType: 'application/xml' });
    expect(second.xml).toBe(first.xml);
    expect(first.xml).toBe(await storedXml(caller.tenantId, invoice.id));

    for (const [document, xml] of [
      [invoice, first.xml],
      [storno, (await getUbl(caller, storno.id)).xml],
    ] as const) {
      expect(text(xml, 'cbc:ID')).toBe(document.fullNumber);
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount')).toBe(document.totals.net);
      expect(text(xml, 'cac:TaxTotal/cbc:TaxAmount')).toBe(document.totals.vat);
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount')).toBe(document.totals.gross);
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe(document.totals.due);
    }
    const stornoXml = await storedXml(caller.tenantId, storno.id);
    expect(text(stornoXml, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe('INV-0042');
    expect(text(stornoXml, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe(
      invoice.issueDate,
    );

    const run = await validateEinvoices([
      { name: 'invoice.xml', xml: await storedXml(caller.tenantId, invoice.id) },
      { name: 'storno.xml', xml: stornoXml },
    ]);
    if (run.exitCode !== 0) console.error(run.output);
    expect(run.exitCode).toBe(0);

    // The fake platform: uploaded, processing for one poll, then accepted with its signed answer kept.
    for (const document of [invoice, storno]) {
      const status = await waitFor(`${document.fullNumber} accepted`, async () => {
        const found = await h.rpc.send('documents.einvoice.status', { id: document.id }, caller);
        return found.status === 'accepted' ? found : null;
      });
      expect(status).toMatchObject({ platform: 'fake', errors: [], overdue: false });
      // 5 working days after the issue date.
      expect(status.deadline).toBe(document === invoice ? '2026-12-03' : '2026-12-04');
      expect(status.uploadId).toMatch(/^\d+$/);
    }
  });

  it('records what the builder refuses and still stores the PDF', async () => {
    const caller = newCaller();
    const noSector = {
      ...BUCHAREST_COMPANY,
      address: {
        street: 'Bd. Unirii nr. 64',
        city: 'București',
        region: null,
        postalCode: null,
        country: 'RO',
      },
    };
    const invoice = issuedInvoice([{ name: 'Consultanță', unit: 'h', quantity: '3', unitPrice: '150' }], {
      buyer: noSector,
    });
    publishIssued(caller.tenantId, invoice);
    const status = await waitFor('the refusal recorded', async () => {
      const found = await h.rpc.send('documents.einvoice.status', { id: invoice.id }, caller);
      return found.errors.length ? found : null;
    });
    expect(status).toMatchObject({ status: 'not_submitted', platform: null });
    expect(status.errors.join('\n')).toMatch(/sector/i);
    expect(await storedFormats(caller.tenantId, invoice.id)).toEqual(['pdf']);
  });

  it('attaches <fullNumber>.xml to the email when the tenant turned it on', async () => {
    const caller = newCaller();
    expect(await h.rpc.send('documents.options.get', {}, caller)).toEqual({ attachUbl: false });
    expect(await h.rpc.send('documents.options.update', { attachUbl: true }, caller)).toEqual({
      attachUbl: true,
    });
    expect(
      await failure(
        h.rpc.send('documents.options.update', { attachUbl: false }, { ...caller, role: 'member' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const to = `${randomUUID()}@buyer.example`;
    const invoice = issuedInvoice([{ name: 'Abonament', unit: 'month', quantity: '1', unitPrice: '99.90' }], {
      buyer: IASI_COMPANY,
      delivery: { status: 'queued', to: [to], sentAt: null, error: null },
    });
    publishIssued(caller.tenantId, invoice);
    const [email] = await waitFor('the email', () => (smtp.to(to).length ? smtp.to(to) : null));
    expect([...email.attachments.keys()].sort()).toEqual(['INV-0042.pdf', 'INV-0042.xml']);
    expect(email.attachments.get('INV-0042.xml')!.toString('utf8')).toBe(
      await storedXml(caller.tenantId, invoice.id),
    );
  });

  it('answers 409 for a proforma and a draft, 404 for another tenant, and renders on request', async () => {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller, { name: 'Ștefan Țărănescu SRL' });
    const draftOf = (kind: 'invoice' | 'proforma') =>
      h.rpc.send(
        'billing.documents.create',
        {
          kind,
          document: {
            contactId: contact.id,
            lines: [
              {
                name: 'Consultanță',
                unit: 'h',
                quantity: '2',
                unitPrice: '100',
                vatRate: '21',
                saveToCatalogue: false,
              },
            ],
          },
        },
        caller,
      );
    const proforma = await draftOf('proforma');
    await h.rpc.send('billing.documents.issue', { kind: 'proforma', id: proforma.id, options: {} }, caller);
    expect(await failure(getUbl(caller, proforma.id, 'proforma'))).toMatchObject({
      code: 'CONFLICT',
      message: 'UBL exists only for issued invoices and stornos',
    });
    const draft = await draftOf('invoice');
    expect(await failure(getUbl(caller, draft.id))).toMatchObject({ code: 'CONFLICT' });

    const issued = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    // Right after the issue the event may not be consumed yet: the request builds it from billing.
    const ubl = await getUbl(caller, issued.id);
    expect(ubl.fileName).toBe(`${issued.fullNumber}.xml`);
    expect(text(ubl.xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe(issued.totals.due);
    expect((await getUbl(caller, issued.id)).xml).toBe(ubl.xml);
    expect(await failure(getUbl(newCaller(), issued.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(h.rpc.send('documents.einvoice.status', { id: issued.id }, newCaller())),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});
