import Decimal from 'decimal.js';
import type { Pool } from 'pg';
import type { CreateDocumentDto, DocumentKind, DocumentView, RpcCaller } from '@app/contracts';
import {
  completeSeller,
  createContact,
  failure,
  newCaller,
  startDocumentsHarness,
  type DocumentsHarness,
} from '../../test/documents-harness';
import { DocumentsRepository } from '../documents/documents.repository';

const LINE = {
  name: 'Consulting',
  unit: 'h',
  quantity: '2',
  unitPrice: '100',
  vatRate: '21',
  saveToCatalogue: false,
};

describe('issuing documents', () => {
  let h: DocumentsHarness;
  const NOW = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    // Two billing instances on one queue: every test here runs against both.
    h = await startDocumentsHarness({ instances: 2, now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.clock.set(NOW));

  const issue = (caller: RpcCaller, id: string, kind: DocumentKind = 'invoice', options = {}) =>
    h.rpc.send('billing.documents.issue', { kind, id, options }, caller);

  /** A tenant whose seller details are complete, and a contact with everything a buyer needs. */
  async function readyTenant() {
    const caller = newCaller();
    await completeSeller(h.rpc, caller);
    const contact = await createContact(h.rpc, caller);
    const draft = (document: Partial<CreateDocumentDto> = {}, kind: DocumentKind = 'invoice') =>
      h.rpc.send(
        'billing.documents.create',
        { kind, document: { contactId: contact.id, lines: [LINE], ...document } },
        caller,
      );
    return { caller, contact, draft };
  }

  async function settledEvents(tenantId: string, count: number): Promise<DocumentView[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [{ pending }] = await h.dataSource.query<Array<{ pending: number }>>(
        `SELECT count(*)::int AS pending FROM billing.outbox WHERE tenant_id = $1 AND published_at IS NULL`,
        [tenantId],
      );
      if (pending === 0 && h.events.of(tenantId).length >= count) break;
      if (Date.now() > deadline) throw new Error(`events of ${tenantId} not delivered in time`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A little longer: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return h.events.of(tenantId).map((event) => (event.data as { document: DocumentView }).document);
  }

  it('reads the drafts asked for in one turn with one statement, each only as its tenant and kind', async () => {
    const a = await readyTenant();
    const b = await readyTenant();
    const first = await a.draft();
    const second = await a.draft({ lines: [{ ...LINE, name: 'Second' }] });
    const proforma = await b.draft({}, 'proforma');
    const documents = new DocumentsRepository(h.dataSource);
    const pool = (h.dataSource.driver as unknown as { master: Pool }).master;
    const statements = jest.spyOn(pool, 'query');
    try {
      const read = (tenantId: string, kind: DocumentKind, id: string) =>
        documents.readForIssue(h.dataSource.manager, tenantId, kind, id);
      const reads = await Promise.all([
        read(a.caller.tenantId, 'invoice', first.id),
        read(a.caller.tenantId, 'invoice', second.id),
        read(b.caller.tenantId, 'invoice', first.id), // another tenant's draft
        read(b.caller.tenantId, 'invoice', proforma.id), // a proforma asked for as an invoice
        read(b.caller.tenantId, 'proforma', proforma.id),
        read(a.caller.tenantId, 'invoice', first.id), // the same draft twice
      ]);
      expect(statements).toHaveBeenCalledTimes(1);
      expect(reads.map((r) => r?.document.id ?? null)).toEqual([
        first.id,
        second.id,
        null,
        null,
        proforma.id,
        first.id,
      ]);
      expect(reads[0]!.lines.map((line) => line.name)).toEqual(['Consulting']);
      expect(reads[1]!.lines.map((line) => line.name)).toEqual(['Second']);
      expect(reads[4]!.document).toMatchObject({
        tenantId: b.caller.tenantId,
        kind: 'proforma',
        status: 'draft',
      });
      expect(reads[5]).toEqual(reads[0]);
      expect(reads[5]).not.toBe(reads[0]);
    } finally {
      statements.mockRestore();
    }
  });

  it('issues with the next number of the series, snapshots seller and buyer, and publishes the document', async () => {
    const { caller, draft } = await readyTenant();
    const first = await draft();
    const second = await draft();
    h.clock.set(new Date('2026-11-26T10:05:00Z'));
    const issued = await issue(caller, first.id);
    expect(issued).toMatchObject({
      id: first.id,
      status: 'issued',
      series: 'INV',
      number: 1,
      fullNumber: 'INV-0001',
      issuedAt: '2026-11-26T10:05:00.000Z',
      seller: {
        legalName: 'Furnizor SRL',
        vatId: 'RO18547290',
        registrationNumber: 'J40/1234/2020',
        vatRegistered: true,
        address: expect.objectContaining({ street: 'Str. Lungă 1', city: 'Brașov', country: 'RO' }),
      },
      buyer: first.buyer,
      lines: [expect.objectContaining({ name: 'Consulting', net: '200.00' })],
      totals: {
        net: '200.00',
        vat: '42.00',
        gross: '242.00',
        paid: '0.00',
        due: '242.00',
        vatBreakdown: expect.any(Array),
      },
      delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    });
    expect(await h.rpc.send('billing.documents.get', { kind: 'invoice', id: first.id }, caller)).toEqual(
      issued,
    );
    expect((await issue(caller, second.id)).fullNumber).toBe('INV-0002');
    const settings = await h.rpc.send('billing.settings.get', {}, caller);
    expect(settings.series.invoice.nextNumber).toBe(3);

    const events = await settledEvents(caller.tenantId, 2);
    expect(h.events.of(caller.tenantId).map((e) => e.type)).toEqual([
      'billing.invoice.issued',
      'billing.invoice.issued',
    ]);
    expect(events[0]).toEqual(issued);
    expect(events.map((d) => d.fullNumber)).toEqual(['INV-0001', 'INV-0002']);
  });

  it('keeps a series per kind: proformas and offers have numbers of their own', async () => {
    const { caller, draft } = await readyTenant();
    const proforma = await issue(caller, (await draft({}, 'proforma')).id, 'proforma');
    const offer = await issue(caller, (await draft({}, 'offer')).id, 'offer');
    const invoice = await issue(caller, (await draft()).id);
    expect([proforma.fullNumber, offer.fullNumber, invoice.fullNumber]).toEqual([
      'PRF-0001',
      'OFR-0001',
      'INV-0001',
    ]);
    const events = await settledEvents(caller.tenantId, 3);
    expect(
      h.events
        .of(caller.tenantId)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['billing.invoice.issued', 'billing.offer.issued', 'billing.proforma.issued']);
    expect(events.every((d) => d.status === 'issued')).toBe(true);
  });

  it('answers 422 listing every problem at once, and uses no number', async () => {
    const caller = newCaller();
    const contact = await createContact(h.rpc, caller, { vatId: null, address: { country: 'RO' } });
    const draft = await h.rpc.send(
      'billing.documents.create',
      {
        kind: 'invoice',
        document: {
          contactId: contact.id,
          issueDate: '2026-11-26',
          dueDate: '2026-11-20',
          lines: [{ name: 'Nothing', unit: 'pcs', quantity: '0', saveToCatalogue: false }],
        },
      },
      caller,
    );
    const error = await failure(issue(caller, draft.id));
    expect(error.code).toBe('UNPROCESSABLE');
    // A tenant that never filled its company details, a buyer with only a country.
    expect(error.errors!.map((e) => e.path)).toEqual([
      'seller.legalName',
      'seller.address.street',
      'seller.address.city',
      'seller.address.country',
      'seller.vatId',
      'buyer.address.street',
      'buyer.address.city',
      'buyer.vatId',
      'dueDate',
      'lines.0.quantity',
    ]);
    expect(
      (await h.rpc.send('billing.documents.get', { kind: 'invoice', id: draft.id }, caller)).status,
    ).toBe('draft');
    expect((await h.rpc.send('billing.settings.get', {}, caller)).series.invoice.nextNumber).toBe(1);

    // Fixed, it takes number 1: the refusal consumed nothing.
    await completeSeller(h.rpc, caller);
    await h.rpc.send(
      'crm.contacts.update',
      { id: contact.id, changes: { vatId: 'RO99', address: { street: 'Str. Mică 3', city: 'Cluj-Napoca' } } },
      caller,
    );
    // The buyer block follows the contact through crm.contact.updated.
    const deadline = Date.now() + 10_000;
    while (
      (await h.rpc.send('billing.documents.get', { kind: 'invoice', id: draft.id }, caller)).buyer.vatId !==
        'RO99' &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    const lineId = draft.lines[0].id;
    await h.rpc.send(
      'billing.documents.lines.update',
      { kind: 'invoice', id: draft.id, lineId, changes: { quantity: '1' } },
      caller,
    );
    await h.rpc.send(
      'billing.documents.update',
      { kind: 'invoice', id: draft.id, changes: { dueDate: '2026-12-10' } },
      caller,
    );
    expect((await issue(caller, draft.id)).fullNumber).toBe('INV-0001');
  });

  it('does not issue behind the back of a caller that has given up: the issue rolls back, no number is used', async () => {
    // The caller waits only 150 ms: billing starts the request in time, but by the last step before
    // COMMIT too little is left for the answer to arrive, so it must roll back rather than issue a
    // document the caller was told (504) had not been issued.
    const { caller, draft } = await readyTenant();
    const late = await draft();
    const error = await failure(
      h.rpc.send('billing.documents.issue', { kind: 'invoice', id: late.id, options: {} }, caller, {
        timeoutMs: 150,
      }),
    );
    expect(['TIMEOUT', 'UNAVAILABLE']).toContain(error.code);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await h.rpc.send('billing.documents.get', { kind: 'invoice', id: late.id }, caller);
    expect(after.status).toBe('draft');
    const next = await issue(caller, (await draft()).id);
    expect(next.fullNumber).toBe('INV-0001');
  });

  it('refuses (409) every change to an issued document but its name', async () => {
    const { caller, draft } = await readyTenant();
    const issued = await issue(caller, (await draft()).id);
    const ref = { kind: 'invoice' as const, id: issued.id };
    const lineId = issued.lines[0].id;
    for (const call of [
      h.rpc.send('billing.documents.update', { ...ref, changes: { notes: 'changed' } }, caller),
      h.rpc.send(
        'billing.documents.update',
        { ...ref, changes: { name: 'ok', dueDate: '2027-01-01' } },
        caller,
      ),
      h.rpc.send('billing.documents.lines.add', { ...ref, line: { name: 'More', quantity: '1' } }, caller),
      h.rpc.send('billing.documents.lines.update', { ...ref, lineId, changes: { quantity: '3' } }, caller),
      h.rpc.send('billing.documents.lines.remove', { ...ref, lineId }, caller),
      h.rpc.send('billing.documents.trash', ref, caller),
    ])
      expect(await failure(call)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/reverse/i),
      });
    expect(await failure(issue(caller, issued.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(h.rpc.send('billing.documents.restore', ref, caller))).toMatchObject({
      code: 'CONFLICT',
    });

    h.clock.set(new Date('2026-11-27T08:00:00Z'));
    const renamed = await h.rpc.send(
      'billing.documents.update',
      { ...ref, changes: { name: 'ACME – November' } },
      caller,
    );
    expect(renamed).toEqual({ ...issued, name: 'ACME – November', updatedAt: '2026-11-27T08:00:00.000Z' });
    expect(await h.rpc.send('billing.documents.get', ref, caller)).toEqual(renamed);
  });

  it('records "issue and send" as queued, to the buyer or the addresses given', async () => {
    const { caller, draft } = await readyTenant();
    const toBuyer = await issue(caller, (await draft()).id, 'invoice', { send: true });
    expect(toBuyer.delivery).toEqual({ status: 'queued', to: null, sentAt: null, error: null });
    const toGiven = await issue(caller, (await draft()).id, 'invoice', {
      send: true,
      to: ['boss@acme.example'],
    });
    expect(toGiven.delivery).toEqual({
      status: 'queued',
      to: ['boss@acme.example'],
      sentAt: null,
      error: null,
    });
    expect(
      await failure(issue(caller, (await draft()).id, 'invoice', { send: true, to: ['not-an-email'] })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses an issue date earlier than the last issued one of the series, without using a number', async () => {
    const { caller, draft } = await readyTenant();
    await issue(caller, (await draft({ issueDate: '2026-11-20' })).id);
    const late = await draft({ issueDate: '2026-11-19' });
    expect(await failure(issue(caller, late.id))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'issueDate' })],
    });
    // Same day is fine, and takes the very next number.
    expect((await issue(caller, (await draft({ issueDate: '2026-11-20' })).id)).fullNumber).toBe('INV-0002');
    // Other series are not held back by the invoices' dates.
    expect(
      (await issue(caller, (await draft({ issueDate: '2026-11-01' }, 'proforma')).id, 'proforma')).number,
    ).toBe(1);
  });

  it('starts a yearly series again at 1 when the year of the issue date changes', async () => {
    const { caller, draft } = await readyTenant();
    await h.rpc.send('billing.settings.update', { series: { invoice: { yearlyReset: true } } }, caller);
    const numbers: string[] = [];
    for (const issueDate of ['2026-12-30', '2026-12-31', '2027-01-02', '2027-01-02'])
      numbers.push((await issue(caller, (await draft({ issueDate, dueDate: '2027-02-01' })).id)).fullNumber!);
    expect(numbers).toEqual(['INV-2026-0001', 'INV-2026-0002', 'INV-2027-0001', 'INV-2027-0002']);
    // The prefix and reset are fixed from the first number on.
    expect(
      await failure(
        h.rpc.send('billing.settings.update', { series: { invoice: { prefix: 'FCT' } } }, caller),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses VAT on the document of a tenant that stopped being VAT registered', async () => {
    const { caller, draft } = await readyTenant();
    const taxed = await draft();
    await h.rpc.send('billing.settings.update', { vatRegistered: false }, caller);
    const error = await failure(issue(caller, taxed.id));
    expect(error).toMatchObject({ code: 'UNPROCESSABLE' });
    expect(error.errors).toEqual([
      { path: 'lines.0.vatRate', message: expect.stringContaining('not VAT registered') },
    ]);
    // Its new lines are exempt: a document of those issues, with the exemption note.
    const exempt = await draft({ lines: [{ name: 'Lesson', unit: 'h', quantity: '1', unitPrice: '50' }] });
    const issued = await issue(caller, exempt.id);
    expect(issued).toMatchObject({
      fullNumber: 'INV-0001',
      vatExemptionNote: 'VAT exempt',
      seller: expect.objectContaining({ vatRegistered: false }),
      totals: expect.objectContaining({
        vat: '0.00',
        vatBreakdown: [{ rate: '0', category: 'exempt', taxable: '50.00', vat: '0.00' }],
      }),
    });
  });

  it('gives gap-free numbers 1..N to 100 concurrent issues across two billing instances, some refused', async () => {
    const { caller, draft } = await readyTenant();
    const drafts: Array<{ id: string; valid: boolean }> = [];
    // Every seventh draft has a zero quantity: compliance refuses it and it must use no number.
    for (let i = 0; i < 100; i += 10)
      drafts.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async (_, j) => {
            const valid = (i + j) % 7 !== 3;
            const created = await draft({ lines: [{ ...LINE, quantity: valid ? '1' : '0' }] });
            return { id: created.id, valid };
          }),
        )),
      );
    const results = await Promise.allSettled(drafts.map((d) => issue(caller, d.id)));
    const issued = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    const expected = drafts.filter((d) => d.valid).length;
    expect(refused.every((e) => e.code === 'UNPROCESSABLE')).toBe(true);
    expect(issued).toHaveLength(expected);
    expect(issued.map((d) => d.number).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: expected }, (_, i) => i + 1),
    );
    // Exactly the compliant drafts were issued.
    expect(new Set(issued.map((d) => d.id))).toEqual(new Set(drafts.filter((d) => d.valid).map((d) => d.id)));

    // What is stored agrees with what was answered.
    const stored = await h.dataSource.query<Array<{ full_number: string }>>(
      `SELECT full_number FROM billing.documents WHERE tenant_id = $1 AND status = 'issued' ORDER BY number`,
      [caller.tenantId],
    );
    expect(stored.map((r) => r.full_number)).toEqual(
      Array.from({ length: expected }, (_, i) => `INV-${String(i + 1).padStart(4, '0')}`),
    );

    // One issued event per issued document, none for a refused one.
    const events = await settledEvents(caller.tenantId, expected);
    expect(events).toHaveLength(expected);
    expect(new Set(events.map((d) => d.id))).toEqual(new Set(issued.map((d) => d.id)));
    expect(new Set(events.map((d) => d.fullNumber)).size).toBe(expected);

    // The counter stands right after the last number given: refusals moved it by nothing.
    const [{ next }] = await h.dataSource.query<Array<{ next: string }>>(
      `SELECT next_number::text AS next FROM billing.number_series WHERE tenant_id = $1 AND kind = 'invoice'`,
      [caller.tenantId],
    );
    expect(Number(next)).toBe(expected + 1);
  });

  it('issues a draft raced by a second issue and by line edits exactly once, with exactly the lines it is stored with', async () => {
    const { caller, draft } = await readyTenant();
    const drafts = await Promise.all(Array.from({ length: 30 }, () => draft()));
    const raced = await Promise.all(
      drafts.map((d) =>
        Promise.allSettled([
          issue(caller, d.id),
          h.rpc.send(
            'billing.documents.lines.add',
            { kind: 'invoice', id: d.id, line: { ...LINE, quantity: '3', unitPrice: '10' } },
            caller,
          ),
          issue(caller, d.id),
          h.rpc.send(
            'billing.documents.lines.update',
            { kind: 'invoice', id: d.id, lineId: d.lines[0].id, changes: { quantity: '5' } },
            caller,
          ),
        ]),
      ),
    );
    const issued: DocumentView[] = [];
    for (const outcomes of raced) {
      const answers = [outcomes[0], outcomes[2]];
      const won = answers.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      // One issue wins; the other is told the invoice is already issued.
      expect(won).toHaveLength(1);
      expect(answers.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
      // An edit either landed before the issue or was refused because the invoice is locked.
      for (const edit of [outcomes[1], outcomes[3]])
        if (edit.status === 'rejected') expect(edit.reason).toMatchObject({ code: 'CONFLICT' });
      issued.push(won[0]);
    }
    expect(issued.map((d) => d.number).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: drafts.length }, (_, i) => i + 1),
    );
    // The answer, the stored document and the event agree with the lines stored: nothing was
    // issued from lines read before an edit that then landed.
    const events = await settledEvents(caller.tenantId, drafts.length);
    for (const answered of issued) {
      const stored = await h.dataSource.query<Array<{ quantity: string; net: string | null }>>(
        `SELECT quantity::text AS quantity, net::text AS net FROM billing.document_lines
          WHERE document_id = $1 ORDER BY position`,
        [answered.id],
      );
      const [document] = await h.dataSource.query<Array<{ net: string; gross: string }>>(
        `SELECT totals->>'net' AS net, totals->>'gross' AS gross FROM billing.documents WHERE id = $1`,
        [answered.id],
      );
      const event = events.find((e) => e.id === answered.id)!;
      for (const view of [answered, event]) {
        expect(view.lines.map((l) => l.net)).toEqual(stored.map((l) => l.net));
        expect(view.lines.map((l) => Number(l.quantity))).toEqual(stored.map((l) => Number(l.quantity)));
        expect(view.totals).toMatchObject({ net: document.net, gross: document.gross });
        expect(view.totals.net).toBe(stored.reduce((sum, l) => sum.plus(l.net!), new Decimal(0)).toFixed(2));
      }
    }
  });
});
