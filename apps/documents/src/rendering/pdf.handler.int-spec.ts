import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { DocumentView, RpcCaller } from '@app/contracts';
import { EventSubscriber } from '../../../../libs/platform/test-support/messaging-test-app';
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
  pdfText,
  startDocumentsApp,
  type DocumentsTestApp,
} from '../../test/documents-test-app';

jest.setTimeout(60_000);

/**
 * `documents.pdf.get` against the real billing and crm (the document and its tenancy come from
 * billing): draft previews, issued documents served as stored, other tenants' ids refused.
 */
describe('documents.pdf.get', () => {
  let h: DocumentsHarness;
  let documents: DocumentsTestApp;
  let rendered: EventSubscriber;

  beforeAll(async () => {
    h = await startDocumentsHarness({ now: new Date('2026-11-26T10:00:00Z') });
    documents = await startDocumentsApp();
    rendered = await EventSubscriber.bind('documents.pdf.rendered');
  });
  afterAll(async () => {
    await rendered?.close();
    await documents?.close();
    await deleteDocumentsQueues();
    await h?.close();
  });

  const getPdf = async (caller: RpcCaller, document: Pick<DocumentView, 'kind' | 'id'>) => {
    const reply = await h.rpc.send('documents.pdf.get', { kind: document.kind, id: document.id }, caller);
    return { ...reply, pdf: Buffer.from(reply.base64, 'base64') };
  };

  async function draftFor(caller: RpcCaller): Promise<DocumentView> {
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller, { name: 'Ștefan Țărănescu SRL' });
    return h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
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

  const storedRows = (documentId: string) =>
    documents.app
      .get(DataSource)
      .query<Array<{ sha256: string }>>(
        `SELECT sha256 FROM documents.rendered_files WHERE document_id = $1 AND format = 'pdf'`,
        [documentId],
      );

  it('previews a draft with a DRAFT watermark, the current seller and no number, and stores nothing', async () => {
    const caller = newCaller();
    const draft = await draftFor(caller);
    const preview = await getPdf(caller, draft);
    expect(preview).toMatchObject({ fileName: 'draft.pdf', preview: true, contentType: 'application/pdf' });
    const text = await pdfText(preview.pdf);
    expect(text).toContain('DRAFT');
    expect(text).toContain('Ștefan Țărănescu SRL');
    expect(text).toContain('Furnizor SRL');
    expect(text).toContain(`${draft.totals.gross} ${draft.currency}`);
    expect(text).not.toContain('INV-');
    expect(await storedRows(draft.id)).toHaveLength(0);
  });

  it('serves an issued invoice as rendered once, whether the event or the request came first', async () => {
    const caller = newCaller();
    const draft = await draftFor(caller);
    const issued = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: draft.id, options: {} },
      caller,
    );
    // Right after the issue: the event may not be consumed yet, then this request renders it.
    const first = await getPdf(caller, issued);
    const second = await getPdf(caller, issued);
    expect(first).toMatchObject({ fileName: `${issued.fullNumber}.pdf`, preview: false });
    expect(second.pdf.equals(first.pdf)).toBe(true);
    expect(await pdfText(first.pdf)).toContain(issued.fullNumber!);
    await waitFor('documents.pdf.rendered', () =>
      rendered.messages.some((m) => m.content.toString().includes(issued.id)),
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the other path has had its turn
    expect(await storedRows(issued.id)).toEqual([{ sha256: first.sha256 }]);
    expect(rendered.messages.filter((m) => m.content.toString().includes(issued.id))).toHaveLength(1);
  });

  it("answers 404 for another tenant's document and for the wrong kind", async () => {
    const caller = newCaller();
    const draft = await draftFor(caller);
    await h.rpc.send('billing.documents.issue', { kind: 'invoice', id: draft.id, options: {} }, caller);
    await getPdf(caller, draft);
    expect(await failure(getPdf(newCaller(), draft))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(getPdf(caller, { kind: 'proforma', id: draft.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(getPdf(caller, { kind: 'invoice', id: randomUUID() }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
