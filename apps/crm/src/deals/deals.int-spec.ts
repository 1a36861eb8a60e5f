import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CRM_EVENT_PAYLOADS, type DealView, type RpcCaller } from '@app/contracts';
import { validatePayload } from '@app/platform';
import { type CrmHarness, eventsSettled, startCrm } from '../../test/crm-harness';

const tenant = (): RpcCaller => ({ tenantId: randomUUID(), userId: randomUUID(), role: 'member' });

describe('crm deals over RPC', () => {
  let crm: CrmHarness;

  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(async () => {
    await crm?.close();
  });

  const newContact = async (caller: RpcCaller, name = 'Alfa Distribuție SRL') =>
    crm.rpc.send('crm.contacts.create', { type: 'company', name }, caller);

  const wonEvents = (caller: RpcCaller, dealId: string) =>
    crm.events
      .of(caller.tenantId, 'crm.deal.won')
      .filter((e) => (e.data as { deal: DealView }).deal.id === dealId);

  it('creates an open deal with its value as a two-decimal string and reads it back', async () => {
    const caller = tenant();
    const contact = await newContact(caller);
    const deal = await crm.rpc.send(
      'crm.deals.create',
      {
        title: 'Licențe "Pro" 2025',
        contactId: contact.id,
        value: { amount: '12345678901.5', currency: 'RON' },
      },
      caller,
    );
    expect(deal).toMatchObject({
      id: expect.any(String),
      title: 'Licențe "Pro" 2025',
      contactId: contact.id,
      value: { amount: '12345678901.50', currency: 'RON' },
      stage: 'open',
    });
    expect(await crm.rpc.send('crm.deals.get', { id: deal.id }, caller)).toEqual(deal);
  });

  it('refuses a value that is a JS number or not a decimal, with 400 naming value.amount', async () => {
    const caller = tenant();
    const contact = await newContact(caller);
    for (const amount of [1500, '1.005', '1e3', 'NaN'])
      await expect(
        crm.rpc.send(
          'crm.deals.create',
          { title: 'X', contactId: contact.id, value: { amount, currency: 'RON' } } as never,
          caller,
        ),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: expect.arrayContaining([expect.objectContaining({ path: 'value.amount' })]),
      });
  });

  it('answers 404 on contactId when the contact does not exist or belongs to another tenant', async () => {
    const caller = tenant();
    const foreign = await newContact(tenant());
    for (const contactId of [randomUUID(), foreign.id])
      await expect(
        crm.rpc.send(
          'crm.deals.create',
          { title: 'Ghost', contactId, value: { amount: '10.00', currency: 'EUR' } },
          caller,
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', errors: [{ path: 'contactId' }] });
    expect((await crm.rpc.send('crm.deals.list', {}, caller)).items).toEqual([]);
  });

  it('lists deals in creation order, filtered by contact, page by page', async () => {
    const caller = tenant();
    const alfa = await newContact(caller, 'Alfa');
    const beta = await newContact(caller, 'Beta');
    const alfaDeals: string[] = [];
    for (let i = 0; i < 5; i++) {
      alfaDeals.push(
        (
          await crm.rpc.send(
            'crm.deals.create',
            { title: `Alfa ${i}`, contactId: alfa.id, value: { amount: `${i}00.00`, currency: 'RON' } },
            caller,
          )
        ).id,
      );
      await crm.rpc.send(
        'crm.deals.create',
        { title: `Beta ${i}`, contactId: beta.id, value: { amount: '1.00', currency: 'RON' } },
        caller,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: DealView[]; nextCursor: string | null } = await crm.rpc.send(
        'crm.deals.list',
        { contactId: alfa.id, limit: 2, ...(cursor ? { cursor } : {}) },
        caller,
      );
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(alfaDeals);
    expect((await crm.rpc.send('crm.deals.list', { limit: 200 }, caller)).items).toHaveLength(10);
  });

  it('answers NOT_FOUND for another tenant’s deal on get and update, and changes nothing', async () => {
    const owner = tenant();
    const stranger = tenant();
    const contact = await newContact(owner);
    const deal = await crm.rpc.send(
      'crm.deals.create',
      { title: 'Mine', contactId: contact.id, value: { amount: '100.00', currency: 'RON' } },
      owner,
    );
    await expect(crm.rpc.send('crm.deals.get', { id: deal.id }, stranger)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      crm.rpc.send('crm.deals.update', { id: deal.id, changes: { stage: 'won' } }, stranger),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await crm.rpc.send('crm.deals.list', { contactId: contact.id }, stranger)).items).toEqual([]);
    expect(await crm.rpc.send('crm.deals.get', { id: deal.id }, owner)).toEqual(deal);
    await eventsSettled(crm, owner.tenantId);
    expect(crm.events.of(owner.tenantId, 'crm.deal.won')).toEqual([]);
  });

  it('updates only the given fields and refuses unknown ones', async () => {
    const caller = tenant();
    const contact = await newContact(caller);
    const deal = await crm.rpc.send(
      'crm.deals.create',
      { title: 'Old title', contactId: contact.id, value: { amount: '100', currency: 'RON' } },
      caller,
    );
    const updated = await crm.rpc.send(
      'crm.deals.update',
      { id: deal.id, changes: { value: { amount: '250.5', currency: 'EUR' } } },
      caller,
    );
    expect(updated).toEqual({
      ...deal,
      value: { amount: '250.50', currency: 'EUR' },
      updatedAt: expect.any(String),
    });
    await expect(
      crm.rpc.send(
        'crm.deals.update',
        { id: deal.id, changes: { contactId: randomUUID() } as never },
        caller,
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'changes.contactId' }] });
  });

  it('refuses to delete a contact that has deals (409), and deletes it once it has none', async () => {
    const caller = tenant();
    const contact = await newContact(caller);
    await crm.rpc.send(
      'crm.deals.create',
      { title: 'Keeps it', contactId: contact.id, value: { amount: '1.00', currency: 'RON' } },
      caller,
    );
    await expect(crm.rpc.send('crm.contacts.delete', { id: contact.id }, caller)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await crm.rpc.send('crm.contacts.get', { id: contact.id }, caller)).toEqual(contact);
  });

  describe('crm.deal.won', () => {
    it('is published once when a deal moves to won, and not again when it is saved as won', async () => {
      const caller = tenant();
      const contact = await newContact(caller);
      const deal = await crm.rpc.send(
        'crm.deals.create',
        { title: 'Implementare', contactId: contact.id, value: { amount: '1500.00', currency: 'RON' } },
        caller,
      );
      const won = await crm.rpc.send('crm.deals.update', { id: deal.id, changes: { stage: 'won' } }, caller);
      await crm.rpc.send('crm.deals.update', { id: deal.id, changes: { stage: 'won' } }, caller);
      await crm.rpc.send(
        'crm.deals.update',
        { id: deal.id, changes: { stage: 'won', title: 'Implementare' } },
        caller,
      );
      await eventsSettled(crm, caller.tenantId);

      const events = wonEvents(caller, deal.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'crm.deal.won', version: 1, data: { deal: won } });
      await validatePayload(CRM_EVENT_PAYLOADS['crm.deal.won'][1], events[0].data);
    });

    it('is published for a deal created as won', async () => {
      const caller = tenant();
      const contact = await newContact(caller);
      const deal = await crm.rpc.send(
        'crm.deals.create',
        {
          title: 'Signed on the spot',
          contactId: contact.id,
          value: { amount: '99.99', currency: 'EUR' },
          stage: 'won',
        },
        caller,
      );
      await eventsSettled(crm, caller.tenantId);
      expect(wonEvents(caller, deal.id)).toHaveLength(1);
    });

    it('is published exactly once when concurrent updates all set won', async () => {
      // Without the row lock each update would read "open" and each would publish a win, and
      // billing would be asked for a second invoice.
      const caller = tenant();
      const contact = await newContact(caller);
      const deal = await crm.rpc.send(
        'crm.deals.create',
        { title: 'Contested', contactId: contact.id, value: { amount: '10.00', currency: 'RON' } },
        caller,
      );
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          crm.rpc.send('crm.deals.update', { id: deal.id, changes: { stage: 'won' } }, caller),
        ),
      );
      expect(answers.map((d) => d.stage)).toEqual(['won', 'won', 'won', 'won']);
      await eventsSettled(crm, caller.tenantId);
      expect(wonEvents(caller, deal.id)).toHaveLength(1);
      const rows = await crm.dataSource.query<unknown[]>(
        `SELECT 1 FROM "crm".outbox WHERE tenant_id = $1 AND type = 'crm.deal.won'`,
        [caller.tenantId],
      );
      expect(rows).toHaveLength(1);
    });
  });
});
