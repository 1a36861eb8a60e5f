import { randomUUID } from 'node:crypto';
import type { CreateDocumentDto, DocumentKind, DocumentView, RpcCaller } from '@app/contracts';
import {
  createContact,
  failure,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';

describe('drafts of invoices, proformas and offers', () => {
  let h: DocumentsHarness;
  // 22:30 UTC is 00:30 on the 27th in Bucharest: "today" is the tenant's day, not the server's.
  const NOW = new Date('2026-11-26T22:30:00Z');
  beforeAll(async () => {
    h = await startDocumentsHarness({ now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const create = (caller: RpcCaller, document: Partial<CreateDocumentDto>, kind: DocumentKind = 'invoice') =>
    h.rpc.send('billing.documents.create', { kind, document: document as CreateDocumentDto }, caller);
  const get = (caller: RpcCaller, id: string, kind: DocumentKind = 'invoice') =>
    h.rpc.send('billing.documents.get', { kind, id }, caller);

  async function draft(caller = newCaller(), document: Partial<CreateDocumentDto> = {}) {
    const contact = await createContact(h.rpc, caller);
    const created = await create(caller, { contactId: contact.id, ...document });
    return { caller, contact, draft: created };
  }

  it('creates a draft with the tenant’s defaults and the buyer copied from crm', async () => {
    const caller = newCaller();
    const contact = await createContact(h.rpc, caller);
    const created = await create(caller, { contactId: contact.id });
    expect(created).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      name: 'Invoice – ACME SRL – 2026-11-27',
      series: null,
      number: null,
      fullNumber: null,
      contactId: contact.id,
      dealId: null,
      buyer: {
        type: 'company',
        name: 'ACME SRL',
        vatId: 'RO123456',
        registrationNumber: 'J12/345/2019',
        email: 'accounts@acme.example',
        address: {
          street: 'Bd. Unirii 2',
          city: 'București',
          region: null,
          postalCode: '030167',
          country: 'RO',
        },
      },
      seller: null,
      issueDate: '2026-11-27',
      dueDate: '2026-12-11',
      validUntil: null,
      paymentMethod: 'bank_transfer',
      currency: 'RON',
      notes: null,
      lines: [],
      totals: { net: '0.00', vat: '0.00', gross: '0.00', paid: '0.00', due: '0.00', vatBreakdown: [] },
      delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
      issuedAt: null,
      createdAt: NOW.toISOString(),
    });
    expect(await get(caller, created.id)).toEqual(created);
  });

  it('follows the tenant’s own payment term, method, currency and time zone', async () => {
    const caller = newCaller();
    await h.rpc.send(
      'billing.settings.update',
      { timeZone: 'UTC', defaultPaymentTermDays: 30, defaultPaymentMethod: 'cash', defaultCurrency: 'EUR' },
      caller,
    );
    const { draft: created } = await draft(caller);
    expect(created).toMatchObject({
      issueDate: '2026-11-26',
      dueDate: '2026-12-26',
      paymentMethod: 'cash',
      currency: 'EUR',
    });
    // A given issue date moves the default due date with it.
    const dated = await create(caller, { contactId: created.contactId, issueDate: '2026-12-01' });
    expect(dated).toMatchObject({ issueDate: '2026-12-01', dueDate: '2026-12-31' });
  });

  it('names proformas and offers after their kind; an offer gets a validity date', async () => {
    const caller = newCaller();
    const contact = await createContact(h.rpc, caller, { name: 'Beta SA' });
    const proforma = await create(caller, { contactId: contact.id }, 'proforma');
    const offer = await create(caller, { contactId: contact.id }, 'offer');
    expect(proforma).toMatchObject({ kind: 'proforma', name: 'Proforma – Beta SA – 2026-11-27' });
    expect(offer).toMatchObject({
      kind: 'offer',
      name: 'Offer – Beta SA – 2026-11-27',
      validUntil: '2026-12-27',
    });
    // Kinds are separate: the proforma is not an invoice.
    expect(await failure(get(caller, proforma.id, 'invoice'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(create(caller, { contactId: contact.id, validUntil: '2027-01-01' }))).toMatchObject({
      code: 'BAD_REQUEST',
      errors: [expect.objectContaining({ path: 'validUntil' })],
    });
  });

  it('answers 422 on contactId for a contact that does not exist or belongs to another tenant', async () => {
    const owner = newCaller();
    const foreign = await createContact(h.rpc, owner);
    for (const contactId of [randomUUID(), foreign.id])
      expect(await failure(create(newCaller(), { contactId }))).toMatchObject({
        code: 'UNPROCESSABLE',
        errors: [expect.objectContaining({ path: 'contactId' })],
      });
  });

  it('links a deal of the same contact, and refuses a deal of another contact', async () => {
    const caller = newCaller();
    const contact = await createContact(h.rpc, caller);
    const other = await createContact(h.rpc, caller, { name: 'Other SRL' });
    const deal = await h.rpc.send(
      'crm.deals.create',
      { title: 'Website', contactId: contact.id, value: { amount: '1000.00', currency: 'RON' } },
      caller,
    );
    expect((await create(caller, { contactId: contact.id, dealId: deal.id })).dealId).toBe(deal.id);
    expect(await failure(create(caller, { contactId: other.id, dealId: deal.id }))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'dealId' })],
    });
  });

  it('fills a line from the catalogue, lets the request override it, and totals every answer', async () => {
    const { caller, draft: created } = await draft();
    const product = await h.rpc.send(
      'billing.products.create',
      { name: 'Hosting', type: 'service', unit: 'service', unitPrice: '100', vatRate: '21' },
      caller,
    );
    const withProduct = await h.rpc.send(
      'billing.documents.lines.add',
      { kind: 'invoice', id: created.id, line: { productId: product.id, quantity: '3' } },
      caller,
    );
    expect(withProduct.lines).toEqual([
      {
        id: expect.any(String),
        productId: product.id,
        name: 'Hosting',
        unit: 'service',
        quantity: '3',
        unitPrice: '100.00',
        vatRate: '21',
        vatCategory: 'standard',
        net: '300.00',
      },
    ]);
    expect(withProduct.totals).toEqual({
      net: '300.00',
      vat: '63.00',
      gross: '363.00',
      paid: '0.00',
      due: '363.00',
      vatBreakdown: [{ rate: '21', category: 'standard', taxable: '300.00', vat: '63.00' }],
    });
    const overridden = await h.rpc.send(
      'billing.documents.lines.add',
      {
        kind: 'invoice',
        id: created.id,
        line: {
          productId: product.id,
          name: 'Hosting (discounted)',
          quantity: '1.5',
          unitPrice: '0.335',
          vatRate: '11',
        },
      },
      caller,
    );
    expect(overridden.lines[1]).toMatchObject({
      productId: product.id,
      name: 'Hosting (discounted)',
      unit: 'service',
      quantity: '1.5',
      unitPrice: '0.335',
      vatRate: '11',
      net: '0.50',
    });
    expect(overridden.totals).toMatchObject({ net: '300.50', vat: '63.06', gross: '363.56' });
    // The catalogue entry is untouched by a line that only picked it.
    expect(await h.rpc.send('billing.products.get', { id: product.id }, caller)).toMatchObject({
      name: 'Hosting',
      unitPrice: '100.00',
    });
  });

  it('saves a new line to the catalogue (by name, ignoring case) unless told not to', async () => {
    const { caller, draft: created } = await draft();
    const add = (line: Record<string, unknown>) =>
      h.rpc.send(
        'billing.documents.lines.add',
        { kind: 'invoice', id: created.id, line: line as never },
        caller,
      );
    const first = await add({
      name: 'Design work',
      unit: 'h',
      quantity: '10',
      unitPrice: '50',
      vatRate: '21',
    });
    const products = async () =>
      (await h.rpc.send('billing.products.list', {}, caller)).items.map((p) => [p.name, p.unitPrice]);
    expect(await products()).toEqual([['Design work', '50.00']]);
    expect(first.lines[0].productId).toEqual(expect.any(String));
    await add({ name: 'DESIGN WORK', unit: 'h', quantity: '1', unitPrice: '55', vatRate: '21' });
    expect(await products()).toEqual([['Design work', '55.00']]);
    const third = await add({
      name: 'One-off fee',
      unit: 'pcs',
      quantity: '1',
      unitPrice: '5',
      saveToCatalogue: false,
    });
    expect(third.lines[2].productId).toBeNull();
    expect(await products()).toEqual([['Design work', '55.00']]);
  });

  it('refuses units and VAT rates the settings do not allow, and products of another tenant', async () => {
    const { caller, draft: created } = await draft();
    const foreignProduct = await h.rpc.send(
      'billing.products.create',
      { name: 'Secret', type: 'product', unit: 'pcs' },
      newCaller(),
    );
    const error = await failure(
      create(caller, {
        contactId: created.contactId,
        currency: 'USD',
        lines: [
          { name: 'A', unit: 'barrel', quantity: '1', vatRate: '19' },
          { productId: foreignProduct.id, quantity: '1' },
        ],
      }),
    );
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.errors!.map((e) => e.path)).toEqual([
      'currency',
      'lines.0.unit',
      'lines.0.vatRate',
      'lines.1.productId',
    ]);
  });

  it('accepts quantities and prices with 4 decimals, and refuses more or a number instead of a string', async () => {
    const { caller, draft: created } = await draft();
    const ok = await h.rpc.send(
      'billing.documents.lines.add',
      {
        kind: 'invoice',
        id: created.id,
        line: { name: 'Fine', unit: 'kg', quantity: '1.2345', unitPrice: '9.9999' },
      },
      caller,
    );
    expect(ok.lines[0]).toMatchObject({ quantity: '1.2345', unitPrice: '9.9999', net: '12.34' });
    for (const line of [
      { name: 'X', quantity: '1.23456' },
      { name: 'X', quantity: '1', unitPrice: '1.00001' },
      { name: 'X', quantity: 2 },
      { name: 'X', quantity: '1', number: 'INV-0001' },
    ])
      expect(
        await failure(
          h.rpc.send(
            'billing.documents.lines.add',
            { kind: 'invoice', id: created.id, line: line as never },
            caller,
          ),
        ),
      ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('changes and removes lines, and the totals follow', async () => {
    const { caller, draft: created } = await draft(newCaller(), {
      lines: [
        { name: 'A', unit: 'pcs', quantity: '2', unitPrice: '10', vatRate: '21' },
        { name: 'B', unit: 'pcs', quantity: '1', unitPrice: '5', vatRate: '0' },
      ],
    });
    expect(created.totals).toMatchObject({ net: '25.00', vat: '4.20', gross: '29.20' });
    expect(created.lines[1]).toMatchObject({ vatRate: '0', vatCategory: 'zero' });
    const [a, b] = created.lines;
    const changed = await h.rpc.send(
      'billing.documents.lines.update',
      { kind: 'invoice', id: created.id, lineId: a.id, changes: { quantity: '3', vatRate: '11' } },
      caller,
    );
    expect(changed.lines[0]).toMatchObject({ name: 'A', quantity: '3', vatRate: '11', net: '30.00' });
    expect(changed.totals).toMatchObject({ net: '35.00', vat: '3.30', gross: '38.30' });
    const removed = await h.rpc.send(
      'billing.documents.lines.remove',
      { kind: 'invoice', id: created.id, lineId: b.id },
      caller,
    );
    expect(removed.lines.map((l) => l.name)).toEqual(['A']);
    expect(removed.totals).toMatchObject({ net: '30.00', vat: '3.30', gross: '33.30' });
    expect(
      await failure(
        h.rpc.send(
          'billing.documents.lines.remove',
          { kind: 'invoice', id: created.id, lineId: b.id },
          caller,
        ),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('edits draft fields with PATCH, replacing the lines when given', async () => {
    const { caller, draft: created } = await draft(newCaller(), {
      lines: [{ name: 'Old', unit: 'pcs', quantity: '1', unitPrice: '1' }],
    });
    const updated = await h.rpc.send(
      'billing.documents.update',
      {
        kind: 'invoice',
        id: created.id,
        changes: {
          name: 'November retainer',
          issueDate: '2026-11-30',
          dueDate: '2026-12-15',
          paymentMethod: 'card',
          currency: 'EUR',
          notes: 'Thank you!',
          lines: [{ name: 'New', unit: 'h', quantity: '2', unitPrice: '40', saveToCatalogue: false }],
        },
      },
      caller,
    );
    expect(updated).toMatchObject({
      name: 'November retainer',
      issueDate: '2026-11-30',
      dueDate: '2026-12-15',
      paymentMethod: 'card',
      currency: 'EUR',
      notes: 'Thank you!',
      totals: { net: '80.00', vat: '16.80', gross: '96.80' },
    });
    expect(updated.lines.map((l) => l.name)).toEqual(['New']);
    expect(await get(caller, created.id)).toEqual(updated);
    expect(
      await failure(
        h.rpc.send(
          'billing.documents.update',
          { kind: 'invoice', id: created.id, changes: { issueDate: '2026-02-30' } },
          caller,
        ),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', errors: [expect.objectContaining({ path: 'issueDate' })] });
  });

  it('gives a tenant that is not VAT registered 0 %, category exempt and its exemption note', async () => {
    const caller = newCaller();
    await h.rpc.send(
      'billing.settings.update',
      { vatRegistered: false, vatExemptionNote: 'Scutit de TVA conform art. 310 Cod fiscal' },
      caller,
    );
    const product = await h.rpc.send(
      'billing.products.create',
      { name: 'Lesson', type: 'service', unit: 'h', unitPrice: '80' },
      caller,
    );
    const { draft: created } = await draft(caller, {
      lines: [
        { productId: product.id, quantity: '2' },
        { name: 'Book', unit: 'pcs', quantity: '1', unitPrice: '20' },
      ],
    });
    expect(created.lines.map((l) => [l.vatRate, l.vatCategory])).toEqual([
      ['0', 'exempt'],
      ['0', 'exempt'],
    ]);
    expect(created.vatExemptionNote).toBe('Scutit de TVA conform art. 310 Cod fiscal');
    expect(created.totals).toMatchObject({
      net: '180.00',
      vat: '0.00',
      gross: '180.00',
      vatBreakdown: [{ rate: '0', category: 'exempt', taxable: '180.00', vat: '0.00' }],
    });
    expect(
      await failure(
        h.rpc.send(
          'billing.documents.lines.add',
          {
            kind: 'invoice',
            id: created.id,
            line: { name: 'Taxed', unit: 'pcs', quantity: '1', vatRate: '21' },
          },
          caller,
        ),
      ),
    ).toMatchObject({ code: 'UNPROCESSABLE', errors: [expect.objectContaining({ path: 'vatRate' })] });
  });

  it('copies a document into a new draft dated today with the same payment term and lines', async () => {
    const {
      caller,
      contact,
      draft: original,
    } = await draft(newCaller(), {
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      paymentMethod: 'cash',
      currency: 'EUR',
      notes: 'Monthly',
      lines: [
        { name: 'Support', unit: 'h', quantity: '4', unitPrice: '25', vatRate: '21', saveToCatalogue: false },
      ],
    });
    // The contact changed since: the copy takes the buyer as crm has it now.
    await h.rpc.send('crm.contacts.update', { id: contact.id, changes: { name: 'ACME Group SRL' } }, caller);
    h.clock.set(new Date('2026-12-05T09:00:00Z'));
    const copy = await h.rpc.send('billing.documents.copy', { kind: 'invoice', id: original.id }, caller);
    expect(copy).toMatchObject({
      status: 'draft',
      kind: 'invoice',
      contactId: contact.id,
      name: 'Invoice – ACME Group SRL – 2026-12-05',
      buyer: expect.objectContaining({ name: 'ACME Group SRL' }),
      issueDate: '2026-12-05',
      dueDate: '2027-01-04',
      paymentMethod: 'cash',
      currency: 'EUR',
      totals: {
        net: '100.00',
        vat: '21.00',
        gross: '121.00',
        paid: '0.00',
        due: '121.00',
        vatBreakdown: expect.any(Array),
      },
    });
    expect(copy.id).not.toBe(original.id);
    expect(copy.lines.map(({ id: _id, ...line }) => line)).toEqual(
      original.lines.map(({ id: _id, ...line }) => line),
    );
  });

  it('moves a draft to the trash, leaves it out of lists, and restores it', async () => {
    const { caller, contact, draft: created } = await draft();
    const other = await create(caller, { contactId: contact.id });
    const ids = async (status?: 'trashed') =>
      (await h.rpc.send('billing.documents.list', { kind: 'invoice', status }, caller)).items.map(
        (d) => d.id,
      );
    expect(await h.rpc.send('billing.documents.trash', { kind: 'invoice', id: created.id }, caller)).toEqual({
      trashed: true,
    });
    expect(await ids()).toEqual([other.id]);
    expect(await ids('trashed')).toEqual([created.id]);
    expect((await get(caller, created.id)).status).toBe('trashed');
    expect(
      await failure(
        h.rpc.send(
          'billing.documents.lines.add',
          { kind: 'invoice', id: created.id, line: { name: 'X', quantity: '1' } },
          caller,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
    const restored = await h.rpc.send(
      'billing.documents.restore',
      { kind: 'invoice', id: created.id },
      caller,
    );
    expect(restored.status).toBe('draft');
    expect((await ids()).sort()).toEqual([created.id, other.id].sort());
  });

  it('lists newest first, filters by contact, and pages by cursor', async () => {
    const caller = newCaller();
    const a = await createContact(h.rpc, caller, { name: 'A SRL' });
    const b = await createContact(h.rpc, caller, { name: 'B SRL' });
    const made: DocumentView[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      made.push(await create(caller, { contactId: i % 2 ? b.id : a.id }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.rpc.send('billing.documents.list', { kind: 'invoice', limit: 2, cursor }, caller);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(made.map((d) => d.id).reverse());
    const ofB = await h.rpc.send('billing.documents.list', { kind: 'invoice', contactId: b.id }, caller);
    expect(ofB.items.map((d) => d.id)).toEqual([made[3].id, made[1].id]);
    expect(
      await failure(h.rpc.send('billing.documents.list', { kind: 'invoice', cursor: 'bogus' }, caller)),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refreshes the buyer of drafts when the contact changes in crm', async () => {
    const { caller, contact, draft: created } = await draft();
    await h.rpc.send(
      'crm.contacts.update',
      { id: contact.id, changes: { address: { street: 'Calea Victoriei 10' } } },
      caller,
    );
    const deadline = Date.now() + 10_000;
    let buyerStreet = created.buyer.address.street;
    while (buyerStreet !== 'Calea Victoriei 10' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      buyerStreet = (await get(caller, created.id)).buyer.address.street;
    }
    expect(buyerStreet).toBe('Calea Victoriei 10');
  });

  it('answers 404 to every call with another tenant’s document, and changes nothing', async () => {
    const { caller, draft: created } = await draft(newCaller(), {
      lines: [{ name: 'Mine', unit: 'pcs', quantity: '1', unitPrice: '1' }],
    });
    const stranger = newCaller();
    const ref = { kind: 'invoice' as const, id: created.id };
    const lineId = created.lines[0].id;
    for (const call of [
      h.rpc.send('billing.documents.get', ref, stranger),
      h.rpc.send('billing.documents.update', { ...ref, changes: { name: 'Stolen' } }, stranger),
      h.rpc.send('billing.documents.lines.add', { ...ref, line: { name: 'X', quantity: '1' } }, stranger),
      h.rpc.send('billing.documents.lines.update', { ...ref, lineId, changes: { quantity: '9' } }, stranger),
      h.rpc.send('billing.documents.lines.remove', { ...ref, lineId }, stranger),
      h.rpc.send('billing.documents.issue', { ...ref, options: {} }, stranger),
      h.rpc.send('billing.documents.copy', ref, stranger),
      h.rpc.send('billing.documents.trash', ref, stranger),
      h.rpc.send('billing.documents.restore', ref, stranger),
    ])
      expect(await failure(call)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.rpc.send('billing.documents.list', { kind: 'invoice' }, stranger)).items).toEqual([]);
    expect(await get(caller, created.id)).toEqual(created);
  });
});
