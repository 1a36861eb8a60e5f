import { randomUUID } from 'node:crypto';
import {
  type DocumentKind,
  type DocumentView,
  EVENTS_EXCHANGE,
  type EventEnvelope,
  type RpcCaller,
} from '@app/contracts';
import { brokerChannel } from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  deleteDocumentsQueues,
  startDocumentsApp,
  type DocumentsTestApp,
} from '../../../documents/test/documents-test-app';
import { SmtpSink } from '../../../documents/test/smtp-sink';
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

const LINE = {
  name: 'Consultanță',
  unit: 'h',
  quantity: '2',
  unitPrice: '100',
  vatRate: '21',
  saveToCatalogue: false,
};

/**
 * Delivery of issued documents: "send again" (billing records the request, documents emails once
 * per request) and the status documents reports back, shown on the document.
 */
describe('document delivery: send again and delivery status', () => {
  let h: DocumentsHarness;
  let documents: DocumentsTestApp;
  let smtp: SmtpSink;
  let tap: IssuedEventsTap;
  let sentTap: IssuedEventsTap;
  let publisher: Awaited<ReturnType<typeof brokerChannel>>;

  beforeAll(async () => {
    process.env.SMTP_RETRY_DELAYS_MS = '100';
    process.env.DELIVERY_POLL_MS = '100';
    h = await startDocumentsHarness({ instances: 2 });
    smtp = await new SmtpSink().start();
    documents = await startDocumentsApp({ smtpUrl: smtp.url });
    tap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'billing.document.send-requested');
    sentTap = await IssuedEventsTap.open(process.env.RABBITMQ_URL!, 'documents.email.sent');
    publisher = await brokerChannel();
  });
  afterAll(async () => {
    await publisher?.connection.close().catch(() => undefined);
    await tap?.close();
    await sentTap?.close();
    await documents?.close();
    await smtp?.stop();
    await deleteDocumentsQueues();
    await h?.close();
  });

  const get = (caller: RpcCaller, kind: DocumentKind, id: string) =>
    h.rpc.send('billing.documents.get', { kind, id }, caller);
  const send = (caller: RpcCaller, kind: DocumentKind, id: string, to?: string[]) =>
    h.rpc.send('billing.documents.send', { kind, id, options: to ? { to } : {} }, caller);

  async function issued(
    kind: DocumentKind = 'invoice',
    buyerEmail?: string,
  ): Promise<{ caller: RpcCaller; document: DocumentView }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller, buyerEmail ? { email: buyerEmail } : {});
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind, document: { contactId: contact.id, lines: [LINE] } },
      caller,
    );
    const document = await h.rpc.send('billing.documents.issue', { kind, id: draft.id, options: {} }, caller);
    return { caller, document };
  }

  /** Publishes an event the way an outbox relay does. */
  function publish(tenantId: string, type: string, data: unknown, id: string = randomUUID()): string {
    const envelope: EventEnvelope = {
      id,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      correlationId: id,
      data,
    };
    publisher.channel.publish(EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), {
      messageId: id,
      type,
      persistent: true,
      contentType: 'application/json',
    });
    return id;
  }

  /**
   * documents' delivery rows of the document. Asserted instead of this file's SMTP sink alone: the
   * deliveries table is shared with any documents instance of other test runs on this database,
   * and whichever instance claims a delivery sends it.
   */
  const deliveriesOf = (caller: RpcCaller, document: DocumentView) =>
    h.dataSource.query<Array<{ status: string; recipients: string[]; attachment_name: string }>>(
      `SELECT status, recipients, attachment_name FROM documents.deliveries
        WHERE tenant_id = $1 AND document_id = $2 ORDER BY created_at`,
      [caller.tenantId, document.id],
    );

  const deliveryOf = async (caller: RpcCaller, document: DocumentView) =>
    (await get(caller, document.kind, document.id)).delivery;

  it('shows sent, then failed with the reason, as documents reports them for the issue’s request', async () => {
    const { caller, document } = await issued();
    expect(document.delivery).toEqual({ status: 'not_sent', to: null, sentAt: null, error: null });

    publish(caller.tenantId, 'documents.email.failed', {
      documentId: document.id,
      to: ['accounts@acme.example'],
      reason: '550 mailbox unavailable',
      requestId: randomUUID(),
    });
    await waitFor('failed', async () => (await deliveryOf(caller, document)).status === 'failed');
    expect(await deliveryOf(caller, document)).toEqual({
      status: 'failed',
      to: null,
      sentAt: null,
      error: '550 mailbox unavailable',
    });

    publish(caller.tenantId, 'documents.email.sent', {
      documentId: document.id,
      to: ['accounts@acme.example'],
      requestId: randomUUID(),
    });
    await waitFor('sent', async () => (await deliveryOf(caller, document)).status === 'sent');
    expect(await deliveryOf(caller, document)).toEqual({
      status: 'sent',
      to: null,
      sentAt: expect.any(String),
      error: null,
    });

    // Another tenant's event about this document changes nothing.
    publish(newCaller().tenantId, 'documents.email.failed', {
      documentId: document.id,
      to: [],
      reason: 'not yours',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await deliveryOf(caller, document)).status).toBe('sent');
  });

  it('never lets an earlier attempt’s late failure overwrite the latest request’s success', async () => {
    const { caller, document } = await issued();
    await send(caller, 'invoice', document.id, ['a@example.com']);
    await send(caller, 'invoice', document.id, ['b@example.com']);
    const requests = await waitFor('both send requests', () => {
      const found = tap.of(caller.tenantId);
      return found.length === 2 ? found : null;
    });
    const [older, latest] = requests.map((event) => (event.data as { requestId: string }).requestId);
    // Documents really sends both; only the answer to the latest request shows. Let it come first,
    // then make the latest a success whatever it was, and replay the older attempt's failure late.
    await waitFor(
      'the latest request answered',
      async () => (await deliveryOf(caller, document)).status !== 'queued',
    );
    publish(caller.tenantId, 'documents.email.sent', {
      documentId: document.id,
      to: ['b@example.com'],
      requestId: latest,
    });
    await waitFor('sent', async () => (await deliveryOf(caller, document)).status === 'sent');
    publish(caller.tenantId, 'documents.email.failed', {
      documentId: document.id,
      to: ['a@example.com'],
      reason: 'timeout',
      requestId: older,
    });
    // And one without a request id (an older publisher): a failure never undoes a success.
    publish(caller.tenantId, 'documents.email.failed', {
      documentId: document.id,
      to: ['a@example.com'],
      reason: 'timeout',
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await deliveryOf(caller, document)).toMatchObject({
      status: 'sent',
      to: ['b@example.com'],
      error: null,
    });
  });

  it('sends again: 409 for a draft, 404 for another tenant, queued then sent for any issued kind', async () => {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      { kind: 'offer', document: { contactId: contact.id, lines: [LINE] } },
      caller,
    );
    expect(await failure(send(caller, 'offer', draft.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(send(newCaller(), 'offer', draft.id))).toMatchObject({ code: 'NOT_FOUND' });

    for (const kind of ['invoice', 'proforma', 'offer'] as const) {
      const buyer = `${randomUUID()}@buyer.example`;
      const { caller: owner, document } = await issued(kind, buyer);
      expect(await failure(send(newCaller(), kind, document.id))).toMatchObject({ code: 'NOT_FOUND' });
      const answer = await send(owner, kind, document.id);
      expect(answer).toMatchObject({
        id: document.id,
        status: 'issued',
        delivery: { status: 'queued', to: null },
      });
      // To the buyer's email; sent, as documents reports back.
      await waitFor('sent', async () => (await deliveryOf(owner, document)).status === 'sent');
      expect(await deliveriesOf(owner, document)).toEqual([
        { status: 'sent', recipients: [buyer], attachment_name: `${document.fullNumber}.pdf` },
      ]);
    }
  });

  it('sends a storno again, to the addresses given, and the event carries the document, to and request id', async () => {
    const { caller, document } = await issued();
    const storno = await h.rpc.send('billing.invoices.reverse', { id: document.id, options: {} }, caller);
    const to = [`${randomUUID()}@accounting.example`];
    await send(caller, 'invoice', storno.id, to);
    const [event] = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 1);
    expect(event.data).toEqual({
      document: expect.objectContaining({
        id: storno.id,
        fullNumber: storno.fullNumber,
        reversalOf: document.id,
        delivery: { status: 'queued', to, sentAt: null, error: null },
      }),
      to,
      requestId: expect.any(String),
    });
    await waitFor('sent', async () => (await deliveryOf(caller, storno)).status === 'sent');
    expect(await deliveriesOf(caller, storno)).toEqual([
      { status: 'sent', recipients: to, attachment_name: `${storno.fullNumber}.pdf` },
    ]);
  });

  it('sends one email per request even when the request event is delivered twice', async () => {
    const { caller, document } = await issued();
    const to = [`${randomUUID()}@twice.example`];
    await send(caller, 'invoice', document.id, to);
    const [event] = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 1);
    await waitFor('the email', async () => (await deliveriesOf(caller, document))[0]?.status === 'sent');
    // The same message again (same event id: the inbox drops it), and a copy under a new event id
    // carrying the same request (the delivery is keyed by the request: nothing more is sent).
    publish(caller.tenantId, event.type, event.data, event.id);
    publish(caller.tenantId, event.type, event.data);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await deliveriesOf(caller, document)).toHaveLength(1);
    const requestId = (event.data as { requestId: string }).requestId;
    expect(
      sentTap
        .of(caller.tenantId)
        .filter((sent) => (sent.data as { requestId?: string }).requestId === requestId),
    ).toHaveLength(1);
    // At most one here: a documents instance of another test run on this database may send it.
    expect(smtp.to(to[0]).length).toBeLessThanOrEqual(1);
    expect(await deliveryOf(caller, document)).toMatchObject({ status: 'sent', to, error: null });
  });
});
