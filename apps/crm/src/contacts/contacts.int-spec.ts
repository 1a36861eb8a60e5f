import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CRM_EVENT_PAYLOADS, type ContactView, type CreateContactDto, type RpcCaller } from '@app/contracts';
import { validatePayload } from '@app/platform';
import { type CrmHarness, eventsSettled, startCrm } from '../../test/crm-harness';

const tenant = (): RpcCaller => ({ tenantId: randomUUID(), userId: randomUUID(), role: 'member' });

const acme: CreateContactDto = {
  type: 'company',
  name: 'Ștefan & Fiii S.R.L. "Șoim"',
  email: 'office@stefan-fiii.ro',
  phone: '+40 21 555 0101',
  address: {
    street: 'Str. Ion Câmpineanu 11',
    city: 'București',
    region: 'Sector 1',
    postalCode: '010031',
    country: 'RO',
  },
  vatId: 'RO18547290',
  registrationNumber: 'J40/1234/2020',
  notes: '=HYPERLINK("http://evil.example","click") \'quoted\' ăâîșț',
};

describe('crm contacts over RPC', () => {
  let crm: CrmHarness;

  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(async () => {
    await crm?.close();
  });

  it('creates a contact and returns every field verbatim, then reads the same back', async () => {
    const caller = tenant();
    const created = await crm.rpc.send('crm.contacts.create', acme, caller);
    expect(created).toMatchObject({ ...acme, id: expect.any(String) });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(await crm.rpc.send('crm.contacts.get', { id: created.id }, caller)).toEqual(created);
  });

  it('fills left-out optional fields with null and upper-cases the country code', async () => {
    const caller = tenant();
    const created = await crm.rpc.send(
      'crm.contacts.create',
      { type: 'person', name: 'Ana Pop', address: { country: 'ro' } },
      caller,
    );
    expect(created).toMatchObject({
      email: null,
      phone: null,
      vatId: null,
      registrationNumber: null,
      notes: null,
      address: { street: null, city: null, region: null, postalCode: null, country: 'RO' },
    });
  });

  it('refuses an unknown field with 400 naming it, and stores nothing', async () => {
    const caller = tenant();
    await expect(
      crm.rpc.send('crm.contacts.create', { ...acme, number: 'X-1' } as CreateContactDto, caller),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'number' }] });
    await expect(
      crm.rpc.send(
        'crm.contacts.update',
        { id: randomUUID(), changes: { address: { planet: 'Mars' } } as never },
        caller,
      ),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'changes.address.planet' }] });
    expect((await crm.rpc.send('crm.contacts.list', {}, caller)).items).toEqual([]);
  });

  it('refuses bad values with 400 and the field path', async () => {
    const caller = tenant();
    await expect(
      crm.rpc.send(
        'crm.contacts.create',
        { type: 'robot', name: '', email: 'not-an-email', address: { country: 'XX' } } as never,
        caller,
      ),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      errors: expect.arrayContaining([
        expect.objectContaining({ path: 'type' }),
        expect.objectContaining({ path: 'name' }),
        expect.objectContaining({ path: 'email' }),
        expect.objectContaining({ path: 'address.country' }),
      ]),
    });
  });

  it('answers NOT_FOUND for another tenant’s contact on get, update and delete, and changes nothing', async () => {
    const owner = tenant();
    const stranger = tenant();
    const contact = await crm.rpc.send('crm.contacts.create', acme, owner);
    await expect(crm.rpc.send('crm.contacts.get', { id: contact.id }, stranger)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      crm.rpc.send('crm.contacts.update', { id: contact.id, changes: { name: 'Taken over' } }, stranger),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(crm.rpc.send('crm.contacts.delete', { id: contact.id }, stranger)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await crm.rpc.send('crm.contacts.list', {}, stranger)).items).toEqual([]);
    expect(await crm.rpc.send('crm.contacts.get', { id: contact.id }, owner)).toEqual(contact);
  });

  describe('PATCH', () => {
    it('changes only the given fields, clears with null and merges the address field by field', async () => {
      const caller = tenant();
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      const updated = await crm.rpc.send(
        'crm.contacts.update',
        {
          id: contact.id,
          changes: {
            phone: null,
            notes: 'Plătește la 30 de zile',
            address: { city: 'Cluj-Napoca', region: null },
          },
        },
        caller,
      );
      expect(updated).toEqual({
        ...contact,
        phone: null,
        notes: 'Plătește la 30 de zile',
        address: { ...contact.address, city: 'Cluj-Napoca', region: null },
        updatedAt: expect.any(String),
      });
      expect(await crm.rpc.send('crm.contacts.get', { id: contact.id }, caller)).toEqual(updated);
    });

    it('clears the whole address with address: null', async () => {
      const caller = tenant();
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      const updated = await crm.rpc.send(
        'crm.contacts.update',
        { id: contact.id, changes: { address: null } },
        caller,
      );
      expect(updated.address).toEqual({
        street: null,
        city: null,
        region: null,
        postalCode: null,
        country: null,
      });
    });

    it('refuses to clear the name, which every contact must have', async () => {
      const caller = tenant();
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      await expect(
        crm.rpc.send('crm.contacts.update', { id: contact.id, changes: { name: null } as never }, caller),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: expect.arrayContaining([expect.objectContaining({ path: 'changes.name' })]),
      });
    });
  });

  describe('list', () => {
    it('pages through more contacts than one page holds, in creation order, each exactly once', async () => {
      const caller = tenant();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++)
        ids.push(
          (await crm.rpc.send('crm.contacts.create', { type: 'person', name: `Client ${i}` }, caller)).id,
        );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await crm.rpc.send(
          'crm.contacts.list',
          { limit: 3, ...(cursor ? { cursor } : {}) },
          caller,
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
    });

    it('defaults to 50 per page', async () => {
      const caller = tenant();
      await Promise.all(
        Array.from({ length: 51 }, (_, i) =>
          crm.rpc.send('crm.contacts.create', { type: 'person', name: `Bulk ${i}` }, caller),
        ),
      );
      const first = await crm.rpc.send('crm.contacts.list', {}, caller);
      expect(first.items).toHaveLength(50);
      const second = await crm.rpc.send('crm.contacts.list', { cursor: first.nextCursor! }, caller);
      expect(second).toEqual({ items: [expect.any(Object)], nextCursor: null });
    });

    it('refuses a limit above 200 and a cursor it did not hand out', async () => {
      const caller = tenant();
      await expect(crm.rpc.send('crm.contacts.list', { limit: 201 }, caller)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: [{ path: 'limit' }],
      });
      await expect(
        crm.rpc.send('crm.contacts.list', { cursor: 'bm90LWEtY3Vyc29y' }, caller),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: [{ path: 'cursor' }],
      });
    });

    it('searches name, email, VAT id and registration number, case-insensitively', async () => {
      const caller = tenant();
      const stefan = await crm.rpc.send('crm.contacts.create', acme, caller);
      const ana = await crm.rpc.send(
        'crm.contacts.create',
        { type: 'person', name: 'Ana Pop', email: 'ana.pop@example.com', vatId: '1850101123456' },
        caller,
      );
      const search = async (term: string) =>
        (await crm.rpc.send('crm.contacts.list', { search: term }, caller)).items.map(
          (c: ContactView) => c.id,
        );
      expect(await search('ȘTEFAN')).toEqual([stefan.id]);
      expect(await search('STEFAN-FIII.RO')).toEqual([stefan.id]);
      expect(await search('ro18547')).toEqual([stefan.id]);
      expect(await search('j40/1234')).toEqual([stefan.id]);
      expect(await search('ANA.POP@')).toEqual([ana.id]);
      expect(await search('AN')).toEqual([stefan.id, ana.id]);
      expect(await search('nobody')).toEqual([]);
    });

    it('treats % and _ in a search as plain characters', async () => {
      const caller = tenant();
      const discount = await crm.rpc.send(
        'crm.contacts.create',
        { type: 'company', name: 'Reduceri 50% SRL' },
        caller,
      );
      await crm.rpc.send('crm.contacts.create', { type: 'company', name: 'Reduceri 500 SRL' }, caller);
      await crm.rpc.send('crm.contacts.create', { type: 'company', name: 'Alfa' }, caller);
      const ids = async (term: string) =>
        (await crm.rpc.send('crm.contacts.list', { search: term }, caller)).items.map((c) => c.id);
      expect(await ids('50%')).toEqual([discount.id]);
      expect(await ids('%')).toEqual([discount.id]);
      expect(await ids('_')).toEqual([]);
    });
  });

  // Deleting a contact asks billing whether it has documents: the deletion tests run with billing,
  // in apps/billing/src/contact-documents/contact-documents.int-spec.ts.

  describe('events', () => {
    it('publishes crm.contact.created and crm.contact.updated with the full contact, valid against the contract', async () => {
      const caller = tenant();
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      const updated = await crm.rpc.send(
        'crm.contacts.update',
        { id: contact.id, changes: { email: null } },
        caller,
      );
      await eventsSettled(crm, caller.tenantId);

      const events = crm.events.of(caller.tenantId);
      expect(events.map((e) => e.type)).toEqual(['crm.contact.created', 'crm.contact.updated']);
      expect(events[0]).toMatchObject({ version: 1, tenantId: caller.tenantId, data: { contact } });
      expect(events[1]).toMatchObject({ version: 1, tenantId: caller.tenantId, data: { contact: updated } });
      for (const event of events)
        await validatePayload(CRM_EVENT_PAYLOADS[event.type as 'crm.contact.created'][1], event.data);
    });

    it('publishes nothing for a PATCH that changes nothing', async () => {
      const caller = tenant();
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      const same = await crm.rpc.send(
        'crm.contacts.update',
        { id: contact.id, changes: { name: acme.name } },
        caller,
      );
      expect(same).toEqual(contact);
      await eventsSettled(crm, caller.tenantId);
      expect(crm.events.of(caller.tenantId).map((e) => e.type)).toEqual(['crm.contact.created']);
    });

    it('writes no contact and no outbox row when the database refuses the change', async () => {
      // PostgreSQL cannot store a NUL character; the validation lets it through, the INSERT fails,
      // and the transaction that would also have held the event rolls back as a whole.
      const caller = tenant();
      await expect(
        crm.rpc.send('crm.contacts.create', { ...acme, notes: 'before\u0000after' }, caller),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'notes' }] });
      const contact = await crm.rpc.send('crm.contacts.create', acme, caller);
      await expect(
        crm.rpc.send('crm.contacts.update', { id: contact.id, changes: { name: 'x\u0000' } }, caller),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'changes.name' }] });

      await eventsSettled(crm, caller.tenantId);
      const rows = await crm.dataSource.query<Array<{ type: string }>>(
        'SELECT type FROM "crm".outbox WHERE tenant_id = $1 ORDER BY seq',
        [caller.tenantId],
      );
      expect(rows.map((r) => r.type)).toEqual(['crm.contact.created']);
      expect(crm.events.of(caller.tenantId)).toHaveLength(1);
      expect((await crm.rpc.send('crm.contacts.list', {}, caller)).items).toEqual([contact]);
    });
  });
});
