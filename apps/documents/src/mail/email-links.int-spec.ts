import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DocumentKind, type DocumentView, EVENTS_EXCHANGE, type RpcCaller } from '@app/contracts';
import { APP_CONFIG, type AppConfig, verifyLinkToken } from '@app/platform';
import { brokerChannel } from '../../../../libs/platform/test-support/messaging-test-app';
import { waitFor } from '../../../../libs/platform/test-support/wait-for';
import {
  completeSeller,
  createContact,
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

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://facturi.example';
const LINK = new RegExp(
  `${PUBLIC_URL.replace(/\./g, '\\.')}/api/v1/public/links/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`,
);

/**
 * The public links in the emails documents sends: billing (real) issues and signs, documents (real)
 * asks billing for the links when it sends, and the email an in-process SMTP server receives carries
 * `${PUBLIC_URL}/api/v1/public/links/<token>`, each token bound to this tenant, document and action.
 */
describe('emails carry the public links billing signs', () => {
  let h: DocumentsHarness;
  let documents: DocumentsTestApp;
  let dataSource: DataSource;
  let smtp: SmtpSink;
  let linkSecret: string;

  beforeAll(async () => {
    process.env.DELIVERY_POLL_MS = '100';
    process.env.SMTP_RETRY_DELAYS_MS = '500,1000,2000,4000';
    process.env.PDF_WORKERS = '1';
    h = await startDocumentsHarness({ now: new Date('2026-11-26T10:00:00Z') });
    smtp = await new SmtpSink().start();
    documents = await startDocumentsApp({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL, rpcTimeoutMs: 1000 });
    dataSource = documents.app.get(DataSource);
    linkSecret = h.billing[0].get<AppConfig>(APP_CONFIG).linkSecret;
  });
  afterAll(async () => {
    await documents?.close();
    await smtp?.stop();
    await deleteDocumentsQueues();
    await h?.close();
    delete process.env.SMTP_RETRY_DELAYS_MS;
  });

  async function draft(caller: RpcCaller, kind: DocumentKind, email: string): Promise<DocumentView> {
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller, { name: 'Ștefan Țărănescu SRL', email });
    return h.rpc.send(
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
  }

  const issueAndSend = (caller: RpcCaller, document: DocumentView) =>
    h.rpc.send(
      'billing.documents.issue',
      { kind: document.kind, id: document.id, options: { send: true } },
      caller,
    );

  /** The link on the line that starts with `label`, and what its token says (checked now). */
  function linkAfter(text: string, label: string) {
    const line = text.split('\n').find((l) => l.startsWith(label));
    if (!line) throw new Error(`no "${label}" line in:\n${text}`);
    const match = LINK.exec(line);
    if (!match) throw new Error(`no public link in "${line}"`);
    expect(line).toBe(`${label} ${match[0]}`);
    return { url: match[0], check: verifyLinkToken(linkSecret, match[1], h.clock.now()) };
  }

  it('an offer issued with send: view, accept and reject links for this tenant, this offer, each action', async () => {
    const caller = newCaller();
    const to = `${randomUUID()}@taranescu.example`;
    const offer = await issueAndSend(caller, await draft(caller, 'offer', to));
    expect(offer).toMatchObject({ status: 'issued', validUntil: '2026-12-26' });

    const [email] = await waitFor('the email', () => (smtp.to(to).length ? smtp.to(to) : null));
    expect(email.subject).toBe(`Oferta ${offer.fullNumber} de la Furnizor SRL`);
    const accept = linkAfter(email.text, 'Acceptați oferta:');
    expect(accept.url).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/public/links/[^/]+$`));
    // Offers' links end with the offer: the end of 26.12.2026 in Bucharest.
    const claims = {
      v: 1,
      tid: caller.tenantId,
      doc: offer.id,
      kind: 'offer',
      exp: Date.UTC(2026, 11, 26, 22) / 1000,
    };
    expect(accept.check).toEqual({ ok: true, claims: { ...claims, act: 'accept' } });
    expect(linkAfter(email.text, 'Refuzați oferta:').check).toEqual({
      ok: true,
      claims: { ...claims, act: 'reject' },
    });
    expect(linkAfter(email.text, 'Vedeți oferta online:').check).toEqual({
      ok: true,
      claims: { ...claims, act: 'view' },
    });
    // The same links as GET /offers/{id}/links gives (its tokens; the expiry is the offer's).
    const tokens = await h.rpc.send('billing.documents.links', { kind: 'offer', id: offer.id }, caller);
    expect(accept.url.endsWith(`/${tokens.accept}`)).toBe(true);
  });

  it('an invoice issued with send: a view link only', async () => {
    const caller = newCaller();
    const to = `${randomUUID()}@taranescu.example`;
    const invoice = await issueAndSend(caller, await draft(caller, 'invoice', to));

    const [email] = await waitFor('the email', () => (smtp.to(to).length ? smtp.to(to) : null));
    const view = linkAfter(email.text, 'Îl puteți vedea online:');
    expect(view.check).toMatchObject({
      ok: true,
      claims: { tid: caller.tenantId, doc: invoice.id, kind: 'invoice', act: 'view' },
    });
    expect(email.text).not.toMatch(/Acceptați|Refuzați/);
    expect(email.text.match(new RegExp(LINK.source, 'g'))).toHaveLength(1);
  });

  it('while billing does not answer, the email waits and is retried; then it goes with its links', async () => {
    const caller = newCaller();
    const to = `${randomUUID()}@taranescu.example`;
    // Issued without sending while billing runs; then billing stops and the issued event asks to send.
    const offer = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'offer', id: (await draft(caller, 'offer', to)).id, options: {} },
      caller,
    );
    const publisher = await brokerChannel();
    const stopped = h.billing.splice(0, 1)[0];
    await stopped.close();
    try {
      const id = randomUUID();
      const envelope = {
        id,
        type: 'billing.offer.issued',
        version: 1,
        occurredAt: offer.issuedAt,
        tenantId: caller.tenantId,
        correlationId: id,
        data: { document: { ...offer, delivery: { status: 'queued', to: [to], sentAt: null, error: null } } },
      };
      publisher.channel.publish(EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
        messageId: id,
        type: envelope.type,
        persistent: true,
        contentType: 'application/json',
      });
      const retried = await waitFor('a retried delivery', async () => {
        const [row] = await dataSource.query<
          Array<{ status: string; attempts: number; last_error: string | null }>
        >(
          `SELECT status, attempts, last_error FROM documents.deliveries WHERE tenant_id = $1 AND document_id = $2`,
          [caller.tenantId, offer.id],
        );
        return row && row.attempts >= 1 ? row : null;
      });
      expect(retried).toMatchObject({ status: 'queued' });
      expect(retried.last_error).toMatch(/links could not be had from billing/);
      expect(smtp.to(to)).toHaveLength(0);
    } finally {
      await publisher.connection.close().catch(() => undefined);
      await h.addBilling();
    }
    const [email] = await waitFor('the email', () => (smtp.to(to).length ? smtp.to(to) : null));
    expect(linkAfter(email.text, 'Acceptați oferta:').check).toMatchObject({
      ok: true,
      claims: { tid: caller.tenantId, doc: offer.id, act: 'accept' },
    });
  });
});
