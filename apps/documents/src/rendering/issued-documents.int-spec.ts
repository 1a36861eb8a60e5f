import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DocumentView, EVENTS_EXCHANGE, type EventEnvelope, type RpcCaller } from '@app/contracts';
import {
  brokerChannel,
  EventSubscriber,
  standaloneRpcClient,
} from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import { startDocumentsHarness, type DocumentsHarness } from '../../../billing/test/documents-harness';
import {
  deleteDocumentsQueues,
  pdfText,
  startDocumentsApp,
  type DocumentsTestApp,
} from '../../test/documents-test-app';
import { sampleDocument } from '../../test/sample-document';
import { SmtpSink } from '../../test/smtp-sink';

jest.setTimeout(60_000);

describe('issued documents: rendered once, stored, emailed', () => {
  let billing: DocumentsHarness;
  let documents: DocumentsTestApp;
  let dataSource: DataSource;
  let smtp: SmtpSink;
  let rendered: EventSubscriber;
  let emailed: EventSubscriber;
  let failed: EventSubscriber;
  let rpc: Awaited<ReturnType<typeof standaloneRpcClient>>;
  let publisher: Awaited<ReturnType<typeof brokerChannel>>;

  beforeAll(async () => {
    // Queues of this file's own (the harness sets the prefix): nothing left on a shared queue
    // reaches this app, nor the reverse. Billing runs because an email asks it for its links; it
    // knows none of these made-up documents, so their emails go without links.
    billing = await startDocumentsHarness();
    process.env.SMTP_RETRY_DELAYS_MS = '100,200';
    process.env.DELIVERY_POLL_MS = '100';
    process.env.PDF_WORKERS = '1';
    smtp = await new SmtpSink().start();
    documents = await startDocumentsApp({ smtpUrl: smtp.url });
    dataSource = documents.app.get(DataSource);
    rendered = await EventSubscriber.bind('documents.pdf.rendered');
    emailed = await EventSubscriber.bind('documents.email.sent');
    failed = await EventSubscriber.bind('documents.email.failed');
    rpc = await standaloneRpcClient();
    publisher = await brokerChannel();
  });

  afterAll(async () => {
    await Promise.all([rendered?.close(), emailed?.close(), failed?.close()]);
    await rpc?.close();
    await publisher?.connection.close().catch(() => undefined);
    await documents?.close();
    await smtp?.stop();
    await deleteDocumentsQueues();
    await billing?.close();
  });

  /** Publishes billing's event the way billing's outbox relay does. */
  function publishIssued(tenantId: string, document: DocumentView, id: string = randomUUID()): string {
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
    return id;
  }

  const eventsAbout = (subscriber: EventSubscriber, documentId: string) =>
    subscriber.messages
      .map((message) => JSON.parse(message.content.toString('utf8')) as EventEnvelope)
      .filter((event) => (event.data as { documentId: string }).documentId === documentId);

  async function fetchPdf(caller: RpcCaller, document: DocumentView) {
    const reply = await rpc.client.send(
      'documents.pdf.get',
      { kind: document.kind, id: document.id },
      caller,
    );
    return { ...reply, pdf: Buffer.from(reply.base64, 'base64') };
  }

  const deliveryOf = async (documentId: string) =>
    (
      await dataSource.query<Array<{ status: string; attempts: number; last_error: string | null }>>(
        `SELECT status, attempts, last_error FROM documents.deliveries WHERE document_id = $1`,
        [documentId],
      )
    )[0];

  it('renders an issued invoice once, stores it, publishes documents.pdf.rendered and serves the same bytes', async () => {
    const tenantId = randomUUID();
    const document = sampleDocument();
    publishIssued(tenantId, document);

    const [event] = await waitFor('documents.pdf.rendered', () => {
      const found = eventsAbout(rendered, document.id);
      return found.length ? found : null;
    });
    const record = (
      await dataSource.query<Array<{ sha256: string; bytes: number; kind: string; file_name: string }>>(
        `SELECT sha256, bytes, kind, file_name FROM documents.rendered_files WHERE tenant_id = $1 AND document_id = $2`,
        [tenantId, document.id],
      )
    )[0];
    expect(record).toMatchObject({ kind: 'invoice', file_name: 'INV-0042.pdf' });
    expect(event.data).toEqual({
      documentId: document.id,
      kind: 'invoice',
      sha256: record.sha256,
      bytes: record.bytes,
    });

    const caller = { tenantId };
    const first = await fetchPdf(caller, document);
    const second = await fetchPdf(caller, document);
    expect(first).toMatchObject({ fileName: 'INV-0042.pdf', preview: false, sha256: record.sha256 });
    expect(first.pdf.equals(second.pdf)).toBe(true);
    expect(createHash('sha256').update(first.pdf).digest('hex')).toBe(record.sha256);

    const text = await pdfText(first.pdf);
    expect(text).toContain('INV-0042');
    expect(text).toContain('3630.00 RON');
    expect(text).toContain('Ștefan Țărănescu SRL');
    expect(text).toContain('Pagina 1 din 1');
  });

  it('emails the PDF to the requested recipients when the issue asked for sending', async () => {
    const tenantId = randomUUID();
    const to = `${randomUUID()}@buyer.example`;
    const document = sampleDocument({ delivery: { status: 'queued', to: [to], sentAt: null, error: null } });
    const requestId = publishIssued(tenantId, document);

    const [email] = await waitFor('the email', () => (smtp.to(to).length ? smtp.to(to) : null));
    expect(email.subject).toBe('Factura INV-0042 de la Atelierul de Software Științific SRL');
    expect(email.raw).toMatch(/^Reply-To: facturi@atelier\.example/m);
    const attachment = email.attachments.get('INV-0042.pdf');
    expect(attachment).toBeDefined();
    const { pdf } = await fetchPdf({ tenantId }, document);
    expect(attachment!.equals(pdf)).toBe(true);

    const [sent] = await waitFor('documents.email.sent', () => {
      const found = eventsAbout(emailed, document.id);
      return found.length ? found : null;
    });
    // The send request it answers is the issued event.
    expect(sent.data).toEqual({ documentId: document.id, to: [to], requestId });
    expect(await deliveryOf(document.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
  });

  it("sends to the buyer's email when no addresses were given", async () => {
    const tenantId = randomUUID();
    const buyerEmail = `${randomUUID()}@taranescu.example`;
    const base = sampleDocument();
    const document = sampleDocument({
      buyer: { ...base.buyer, email: buyerEmail },
      delivery: { status: 'queued', to: null, sentAt: null, error: null },
    });
    publishIssued(tenantId, document);
    await waitFor('the email', () => smtp.to(buyerEmail).length === 1);
  });

  it('sends one email when the same event is delivered twice', async () => {
    const tenantId = randomUUID();
    const to = `${randomUUID()}@buyer.example`;
    const document = sampleDocument({ delivery: { status: 'queued', to: [to], sentAt: null, error: null } });
    const eventId = publishIssued(tenantId, document);
    publishIssued(tenantId, document, eventId);
    await waitFor('the email', () => smtp.to(to).length > 0);
    await waitFor('documents.email.sent', () => eventsAbout(emailed, document.id).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second email would arrive now
    expect(smtp.to(to)).toHaveLength(1);
    expect(eventsAbout(emailed, document.id)).toHaveLength(1);
    expect(eventsAbout(rendered, document.id)).toHaveLength(1);
  });

  it('retries while SMTP is down, then marks the delivery failed with the reason and publishes it', async () => {
    const tenantId = randomUUID();
    const to = `${randomUUID()}@buyer.example`;
    const document = sampleDocument({ delivery: { status: 'queued', to: [to], sentAt: null, error: null } });
    await smtp.stop();
    try {
      const requestId = publishIssued(tenantId, document);
      const [event] = await waitFor('documents.email.failed', () => {
        const found = eventsAbout(failed, document.id);
        return found.length ? found : null;
      });
      const delivery = await deliveryOf(document.id);
      // One attempt and one per retry delay (SMTP_RETRY_DELAYS_MS=100,200), then given up.
      expect(delivery).toMatchObject({ status: 'failed', attempts: 3 });
      expect(delivery.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(event.data).toEqual({
        documentId: document.id,
        to: [to],
        reason: delivery.last_error,
        requestId,
      });
    } finally {
      await smtp.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.to(to)).toHaveLength(0);
  });
});
