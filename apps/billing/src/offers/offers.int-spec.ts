import type { DocumentView, EventEnvelope, RpcCaller } from '@app/contracts';
import { APP_CONFIG, type AppConfig, verifyLinkToken } from '@app/platform';
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
import { OffersService } from './offers.service';

const LINE = {
  name: 'Audit',
  unit: 'service',
  quantity: '2',
  unitPrice: '500',
  vatRate: '21',
  saveToCatalogue: false,
};
// Jest applies the default 5 s per test here (testTimeout is not a per-project option).
jest.setTimeout(60_000);
const DAY = 86_400_000;

describe('offers: accept, reject, expire, convert; their public links', () => {
  let h: DocumentsHarness;
  let tap: IssuedEventsTap;
  // Noon in Bucharest (the default time zone), so a day later is still the next day there.
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

  const get = (caller: RpcCaller, id: string) =>
    h.rpc.send('billing.documents.get', { kind: 'offer', id }, caller);
  const accept = (caller: RpcCaller, id: string) => h.rpc.send('billing.offers.accept', { id }, caller);
  const reject = (caller: RpcCaller, id: string) => h.rpc.send('billing.offers.reject', { id }, caller);
  const types = (events: EventEnvelope[]) => events.map((event) => event.type);

  async function issuedOffer(validUntil?: string): Promise<{ caller: RpcCaller; offer: DocumentView }> {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'offer',
        document: { contactId: contact.id, lines: [LINE], ...(validUntil ? { validUntil } : {}) },
      },
      caller,
    );
    const offer = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'offer', id: draft.id, options: {} },
      caller,
    );
    return { caller, offer };
  }

  it('accepts an issued offer once: again is the same answer with no second event; then reject is 409', async () => {
    const { caller, offer } = await issuedOffer();
    expect(offer).toMatchObject({ status: 'issued', validUntil: '2026-12-26' });
    const accepted = await accept(caller, offer.id);
    expect(accepted).toMatchObject({ id: offer.id, status: 'accepted' });
    expect(await accept(caller, offer.id)).toEqual(accepted);
    expect(await failure(reject(caller, offer.id))).toMatchObject({ code: 'CONFLICT' });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
    expect(types(events)).toEqual(['billing.offer.issued', 'billing.offer.accepted']);
    expect(events[1].data).toEqual({ documentId: offer.id });
  });

  it('rejects an issued offer; a draft can be neither accepted nor rejected', async () => {
    const { caller, offer } = await issuedOffer();
    expect(await reject(caller, offer.id)).toMatchObject({ status: 'rejected' });
    expect(await failure(accept(caller, offer.id))).toMatchObject({ code: 'CONFLICT' });
    const draft = await h.rpc.send('billing.documents.copy', { kind: 'offer', id: offer.id }, caller);
    expect(await failure(accept(caller, draft.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(accept(newCaller(), offer.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('expires an offer the first time it is touched after validUntil, publishing billing.offer.expired once', async () => {
    const { caller, offer } = await issuedOffer('2026-11-26');
    // Still valid to the end of its last day (Bucharest): 21:59 UTC is 23:59 there.
    h.clock.set(new Date('2026-11-26T21:59:00Z'));
    expect((await get(caller, offer.id)).status).toBe('issued');
    h.clock.set(new Date('2026-11-26T22:01:00Z'));
    const refused = await failure(accept(caller, offer.id));
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('expired') });
    // The refusal did not roll the expiry back.
    expect((await get(caller, offer.id)).status).toBe('expired');
    expect(await failure(reject(caller, offer.id))).toMatchObject({ code: 'CONFLICT' });
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
    expect(types(events)).toEqual(['billing.offer.issued', 'billing.offer.expired']);
  });

  it('lets the periodic sweep expire untouched offers, once', async () => {
    const { caller, offer } = await issuedOffer('2026-11-26');
    h.clock.set(new Date(NOW.getTime() + DAY));
    const offers = h.billing[0].get(OffersService);
    const [first] = await Promise.all([offers.expireDue(), h.billing[1].get(OffersService).expireDue()]);
    expect(first).toBeGreaterThanOrEqual(0);
    expect((await get(caller, offer.id)).status).toBe('expired');
    const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
    expect(types(events)).toEqual(['billing.offer.issued', 'billing.offer.expired']);
  });

  it('converts an accepted offer into a draft invoice or proforma, once', async () => {
    const { caller, offer } = await issuedOffer();
    expect(
      await failure(
        h.rpc.send('billing.offers.convert', { id: offer.id, options: { to: 'invoice' } }, caller),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('accept'),
    });
    await accept(caller, offer.id);
    const draft = await h.rpc.send(
      'billing.offers.convert',
      { id: offer.id, options: { to: 'proforma' } },
      caller,
    );
    expect(draft).toMatchObject({
      kind: 'proforma',
      status: 'draft',
      contactId: offer.contactId,
      currency: offer.currency,
      issueDate: '2026-11-26',
      number: null,
      lines: [expect.objectContaining({ name: 'Audit', quantity: '2', unitPrice: '500.00', net: '1000.00' })],
      totals: expect.objectContaining({ gross: '1210.00' }),
    });
    expect(await get(caller, offer.id)).toMatchObject({
      status: 'accepted',
      proformaId: draft.id,
      invoiceId: null,
    });
    expect(await h.rpc.send('billing.documents.get', { kind: 'proforma', id: draft.id }, caller)).toEqual(
      draft,
    );
    const again = await failure(
      h.rpc.send('billing.offers.convert', { id: offer.id, options: { to: 'invoice' } }, caller),
    );
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(draft.id) });
  });

  describe('public links', () => {
    const links = (caller: RpcCaller, id: string, kind: 'offer' | 'invoice' = 'offer') =>
      h.rpc.send('billing.documents.links', { kind, id }, caller);

    it('signs view, accept and reject tokens bound to the tenant, the offer and the action, valid to the end of validUntil', async () => {
      const { caller, offer } = await issuedOffer('2026-12-01');
      const tokens = await links(caller, offer.id);
      expect(tokens.expiresAt).toBe('2026-12-01T22:00:00.000Z');
      const secret = h.billing[0].get<AppConfig>(APP_CONFIG).linkSecret;
      for (const act of ['view', 'accept', 'reject'] as const) {
        const checked = verifyLinkToken(secret, tokens[act]!, NOW);
        expect(checked).toEqual({
          ok: true,
          claims: {
            v: 1,
            tid: caller.tenantId,
            doc: offer.id,
            kind: 'offer',
            act,
            exp: Date.parse(tokens.expiresAt) / 1000,
          },
        });
      }
      const draft = await h.rpc.send('billing.documents.copy', { kind: 'offer', id: offer.id }, caller);
      expect(await failure(links(caller, draft.id))).toMatchObject({ code: 'CONFLICT' });
      expect(await failure(links(newCaller(), offer.id))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('opening changes no status; a view link records viewedAt the first time only', async () => {
      const { caller, offer } = await issuedOffer();
      const page = await h.rpc.send(
        'billing.links.open',
        { kind: 'offer', id: offer.id, action: 'accept' },
        caller,
      );
      expect(page).toMatchObject({
        kind: 'offer',
        action: 'accept',
        status: 'issued',
        fullNumber: offer.fullNumber,
        total: '1210.00',
        buyerName: 'ACME SRL',
        actionable: true,
      });
      expect(await get(caller, offer.id)).toMatchObject({ status: 'issued', viewedAt: null });
      await h.rpc.send('billing.links.open', { kind: 'offer', id: offer.id, action: 'view' }, caller);
      const viewed = (await get(caller, offer.id)).viewedAt;
      expect(viewed).toBe(NOW.toISOString());
      h.clock.set(new Date(NOW.getTime() + 60_000));
      await h.rpc.send('billing.links.open', { kind: 'offer', id: offer.id, action: 'view' }, caller);
      expect(await get(caller, offer.id)).toMatchObject({ status: 'issued', viewedAt: viewed });
    });

    it('decides once: a replay answers the same outcome with changed false and publishes nothing more', async () => {
      const { caller, offer } = await issuedOffer();
      const decide = (action: 'accept' | 'reject') =>
        h.rpc.send('billing.links.decide', { kind: 'offer', id: offer.id, action }, caller);
      expect(await decide('accept')).toMatchObject({ status: 'accepted', changed: true, actionable: false });
      expect(await decide('accept')).toMatchObject({ status: 'accepted', changed: false });
      expect(await failure(decide('reject'))).toMatchObject({ code: 'CONFLICT' });
      const events = await billingEventsSettled(h.dataSource, tap, caller.tenantId, 2);
      expect(types(events)).toEqual(['billing.offer.issued', 'billing.offer.accepted']);
    });

    it('reaches nothing of another tenant, and accept/reject only offers', async () => {
      const { caller, offer } = await issuedOffer();
      const stranger = newCaller();
      expect(
        await failure(
          h.rpc.send('billing.links.open', { kind: 'offer', id: offer.id, action: 'view' }, stranger),
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(
        await failure(
          h.rpc.send('billing.links.decide', { kind: 'offer', id: offer.id, action: 'accept' }, stranger),
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect((await get(caller, offer.id)).status).toBe('issued');
    });
  });
});
