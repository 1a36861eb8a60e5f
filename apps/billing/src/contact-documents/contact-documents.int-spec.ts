import type { DocumentKind, RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import {
  completeSeller,
  createContact,
  failure,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

const LINE = {
  name: 'Consulting',
  unit: 'h',
  quantity: '1',
  unitPrice: '100',
  vatRate: '21',
  saveToCatalogue: false,
};

describe('a contact’s documents, and deleting a contact (crm asks billing)', () => {
  let h: DocumentsHarness;
  const NOW = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    h = await startDocumentsHarness({ now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function tenant() {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = (kind: DocumentKind = 'invoice', contactId = contact.id) =>
      h.rpc.send('billing.documents.create', { kind, document: { contactId, lines: [LINE] } }, caller);
    return { caller, contact, draft };
  }
  const list = (caller: RpcCaller, contactId: string, page: { limit?: number; cursor?: string } = {}) =>
    h.rpc.send('billing.contacts.documents', { contactId, ...page }, caller);
  const remove = (caller: RpcCaller, id: string) => h.rpc.send('crm.contacts.delete', { id }, caller);

  it('lists the contact’s invoices, proformas and offers together, newest first, paged, without the trash', async () => {
    const { caller, contact, draft } = await tenant();
    const other = await createContact(h.rpc, caller, { name: 'Other SRL' });
    const made = [];
    for (const kind of ['invoice', 'proforma', 'offer', 'invoice'] as const) {
      h.clock.advance(1000);
      made.push(await draft(kind));
    }
    await h.rpc.send('billing.documents.issue', { kind: 'proforma', id: made[1].id, options: {} }, caller);
    h.clock.advance(1000);
    const trashed = await draft();
    await h.rpc.send('billing.documents.trash', { kind: 'invoice', id: trashed.id }, caller);
    await draft('invoice', other.id);

    const first = await list(caller, contact.id, { limit: 3 });
    expect(first.items.map((d) => [d.id, d.kind])).toEqual([
      [made[3].id, 'invoice'],
      [made[2].id, 'offer'],
      [made[1].id, 'proforma'],
    ]);
    expect(first.items[2].status).toBe('issued');
    const second = await list(caller, contact.id, { limit: 3, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0].id })], nextCursor: null });
    expect(await failure(list(caller, contact.id, { cursor: 'nonsense' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('shows another tenant nothing of a contact’s documents', async () => {
    const { contact, draft } = await tenant();
    await draft();
    expect(await list(newCaller(), contact.id)).toEqual({ items: [], nextCursor: null });
  });

  it('deletes a contact with no documents; it is gone afterwards', async () => {
    const { caller } = await tenant();
    const contact = await createContact(h.rpc, caller, { name: 'Nobody SRL' });
    expect(await remove(caller, contact.id)).toEqual({ deleted: true });
    expect(await failure(h.rpc.send('crm.contacts.get', { id: contact.id }, caller))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(remove(caller, contact.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses (409) to delete a contact with an issued document, even once the invoice is reversed', async () => {
    const { caller, contact, draft } = await tenant();
    const invoice = await draft();
    await h.rpc.send('billing.documents.issue', { kind: 'invoice', id: invoice.id, options: {} }, caller);
    expect(await failure(remove(caller, contact.id))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/issued document/),
    });
    await h.rpc.send('billing.invoices.reverse', { id: invoice.id, options: {} }, caller);
    expect(await failure(remove(caller, contact.id))).toMatchObject({ code: 'CONFLICT' });
    expect((await h.rpc.send('crm.contacts.get', { id: contact.id }, caller)).id).toBe(contact.id);
  });

  it('refuses (409) while the contact has drafts, and deletes it once they are in the trash', async () => {
    const { caller, contact, draft } = await tenant();
    const offer = await draft('offer');
    expect(await failure(remove(caller, contact.id))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/draft.*trash/),
    });
    await h.rpc.send('billing.documents.trash', { kind: 'offer', id: offer.id }, caller);
    expect(await remove(caller, contact.id)).toEqual({ deleted: true });
  });

  it('counts only the caller’s tenant: another tenant’s documents for the same contact id do not block', async () => {
    const { contact, draft } = await tenant();
    await draft();
    expect(
      await h.rpc.send('billing.contacts.document-counts', { contactId: contact.id }, newCaller()),
    ).toEqual({
      issued: 0,
      drafts: 0,
    });
  });
});

describe('deleting a contact while billing is down', () => {
  let h: DocumentsHarness;
  beforeAll(async () => {
    h = await startDocumentsHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 503 and deletes nothing: without billing’s answer the rule cannot be checked', async () => {
    const caller = newCaller();
    // crm's own client: the billing instance it would otherwise use is about to stop.
    const rpc = h.crm.get(RpcClient);
    const contact = await createContact(rpc, caller);
    const billing = h.billing.splice(0, 1)[0];
    await billing.close();
    const started = Date.now();
    expect(await failure(rpc.send('crm.contacts.delete', { id: contact.id }, caller))).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/not deleted/),
    });
    // Within the gateway's own timeout, so the client hears 503 rather than 504.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await rpc.send('crm.contacts.get', { id: contact.id }, caller)).toEqual(contact);
  });
});
