import { connect } from 'amqplib';
import { EVENTS_EXCHANGE, type DealView, type EventEnvelope, type RpcCaller } from '@app/contracts';
import {
  completeSeller,
  createContact,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

describe('a draft invoice for each won deal (draftOnDealWon)', () => {
  let h: DocumentsHarness;
  const NOW = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    h = await startDocumentsHarness({ instances: 2, now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function tenant(draftOnDealWon: boolean) {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    await h.rpc.send('billing.settings.update', { draftOnDealWon }, caller);
    const contact = await createContact(h.rpc, caller);
    return { caller, contact };
  }

  const wonDeal = (caller: RpcCaller, contactId: string, value = { amount: '1500.00', currency: 'EUR' }) =>
    h.rpc.send('crm.deals.create', { title: 'Implementare CRM', contactId, value, stage: 'won' }, caller);

  const invoicesOf = async (caller: RpcCaller, contactId: string) =>
    (await h.rpc.send('billing.documents.list', { kind: 'invoice', contactId }, caller)).items;

  /** The crm.deal.won envelopes crm wrote for a deal, as they went out. */
  async function wonEvents(caller: RpcCaller, dealId: string): Promise<EventEnvelope[]> {
    const rows = await h.dataSource.query<Array<{ envelope: EventEnvelope }>>(
      `SELECT envelope FROM crm.outbox WHERE tenant_id = $1 AND type = 'crm.deal.won'
          AND envelope #>> '{data,deal,id}' = $2 ORDER BY seq`,
      [caller.tenantId, dealId],
    );
    return rows.map((r) => r.envelope);
  }

  /** Waits until billing has handled (committed) every one of these events. */
  async function handled(events: EventEnvelope[]): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [{ done }] = await h.dataSource.query<Array<{ done: number }>>(
        `SELECT count(*)::int AS done FROM billing.inbox WHERE event_id = ANY($1::uuid[])`,
        [events.map((e) => e.id)],
      );
      if (done === events.length) return;
      if (Date.now() > deadline) throw new Error('billing did not handle the crm.deal.won events in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function wonEventsHandled(
    caller: RpcCaller,
    deal: DealView,
    count: number,
  ): Promise<EventEnvelope[]> {
    const deadline = Date.now() + 15_000;
    let events = await wonEvents(caller, deal.id);
    while (events.length < count) {
      if (Date.now() > deadline) throw new Error('crm did not publish crm.deal.won in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
      events = await wonEvents(caller, deal.id);
    }
    await handled(events);
    return events;
  }

  async function publishAgain(envelope: EventEnvelope): Promise<void> {
    const connection = await connect(process.env.RABBITMQ_URL!);
    const channel = await connection.createConfirmChannel();
    for (let i = 0; i < 2; i++)
      channel.publish(EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        messageId: envelope.id,
        contentType: 'application/json',
      });
    await channel.waitForConfirms();
    await connection.close();
  }

  it('creates one draft for the deal’s contact: the deal’s title at its value, not saved to the catalogue', async () => {
    const { caller, contact } = await tenant(true);
    const deal = await wonDeal(caller, contact.id);
    await wonEventsHandled(caller, deal, 1);
    const drafts = await invoicesOf(caller, contact.id);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      contactId: contact.id,
      dealId: deal.id,
      name: 'Invoice – ACME SRL – 2026-11-26',
      buyer: expect.objectContaining({ name: 'ACME SRL', vatId: 'RO123456' }),
      issueDate: '2026-11-26',
      dueDate: '2026-12-10',
      paymentMethod: 'bank_transfer',
      currency: 'EUR',
      number: null,
      totals: expect.objectContaining({ net: '1500.00', vat: '315.00', gross: '1815.00' }),
    });
    expect(drafts[0].lines).toEqual([
      expect.objectContaining({
        productId: null,
        name: 'Implementare CRM',
        unit: 'service',
        quantity: '1',
        unitPrice: '1500.00',
        vatRate: '21',
        vatCategory: 'standard',
      }),
    ]);
    expect((await h.rpc.send('billing.products.list', {}, caller)).items).toEqual([]);
    // It is an ordinary draft: it issues.
    const issued = await h.rpc.send(
      'billing.documents.issue',
      { kind: 'invoice', id: drafts[0].id, options: {} },
      caller,
    );
    expect(issued.fullNumber).toBe('INV-0001');
  });

  it('still makes one draft when the same event is delivered again', async () => {
    const { caller, contact } = await tenant(true);
    const deal = await wonDeal(caller, contact.id);
    const [event] = await wonEventsHandled(caller, deal, 1);
    await publishAgain(event);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await invoicesOf(caller, contact.id)).toHaveLength(1);
  });

  it('still makes one draft when the deal is won, reopened and won again (a second, different event)', async () => {
    const { caller, contact } = await tenant(true);
    const deal = await h.rpc.send(
      'crm.deals.create',
      { title: 'Audit', contactId: contact.id, value: { amount: '200.00', currency: 'RON' } },
      caller,
    );
    for (const stage of ['won', 'open', 'won', 'lost', 'won'] as const)
      await h.rpc.send('crm.deals.update', { id: deal.id, changes: { stage } }, caller);
    const events = await wonEventsHandled(caller, deal, 3);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    const drafts = await invoicesOf(caller, contact.id);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      dealId: deal.id,
      currency: 'RON',
      totals: expect.objectContaining({ net: '200.00' }),
    });
  });

  it('makes no draft when the setting is off', async () => {
    const { caller, contact } = await tenant(false);
    const deal = await wonDeal(caller, contact.id);
    await wonEventsHandled(caller, deal, 1);
    expect(await invoicesOf(caller, contact.id)).toEqual([]);
  });

  it('falls back to the default currency when the deal’s is not enabled, and says so in the name', async () => {
    const { caller, contact } = await tenant(true);
    const deal = await wonDeal(caller, contact.id, { amount: '99.90', currency: 'USD' });
    await wonEventsHandled(caller, deal, 1);
    const [draft] = await invoicesOf(caller, contact.id);
    expect(draft).toMatchObject({
      currency: 'RON',
      name: 'Invoice – ACME SRL – 2026-11-26 – deal value in USD',
      lines: [expect.objectContaining({ unitPrice: '99.90' })],
    });
  });
});
