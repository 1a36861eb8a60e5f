import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  CreateDocumentDto,
  DocumentKind,
  DocumentView,
  FieldProblem,
  LineInputDto,
  LinePatchDto,
  ListContactDocumentsRequest,
  ListDocumentsRequest,
  Page,
  RpcCaller,
  SettingsView,
  UpdateDocumentDto,
} from '@app/contracts';
import { Clock, badRequest, conflict, notFound, unprocessable } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { tenantOf } from '../common/caller-tenant';
import { ProductsRepository } from '../catalogue/products.repository';
import { addDays, daysBetween, isCalendarDate, todayIn } from '../documents/business-date';
import {
  LOCKED_MESSAGE,
  TRASHED_MESSAGE,
  type DocumentRecord,
  type LineContent,
  type LineRecord,
} from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository, type DraftChanges } from '../documents/documents.repository';
import { SettingsService } from '../settings/settings.service';
import { CrmBuyerSource } from './crm-buyer.source';
import {
  amountRangeProblems,
  lineValueProblems,
  resolveLinePatch,
  resolveNewLine,
  vatCategoryFor,
  type ProductTerms,
} from './draft-lines';

const DEFAULT_LIMIT = 50;
/** An offer is valid this long unless the request says otherwise. */
export const OFFER_VALIDITY_DAYS = 30;

const KIND_TITLE: Record<DocumentKind, string> = { invoice: 'Invoice', proforma: 'Proforma', offer: 'Offer' };

/** The internal name a draft starts with: `Invoice – ACME SRL – 2026-11-26`. */
export const defaultName = (kind: DocumentKind, buyerName: string, issueDate: string) =>
  `${KIND_TITLE[kind]} – ${buyerName} – ${issueDate}`;

/** A line ready to store, and whether to save it to the catalogue on the way. */
interface PreparedLine {
  content: LineContent;
  saveToCatalogue: boolean;
}

/**
 * Drafts of invoices, proformas and offers: created for a crm contact with the tenant's defaults,
 * edited freely until issue. Everything that needs crm or the catalogue is asked before the
 * transaction; the transaction locks the document row, checks it is still a draft, and writes.
 */
@Injectable()
export class DraftsService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsService,
    private readonly products: ProductsRepository,
    private readonly crm: CrmBuyerSource,
    private readonly clock: Clock,
  ) {}

  async create(caller: RpcCaller, kind: DocumentKind, dto: CreateDocumentDto): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    assertDates(kind, dto);
    const [settings, { buyer, asOf }] = await Promise.all([
      this.settings.get(tenantId),
      this.crm.buyer(dto.contactId, caller),
      dto.dealId ? this.crm.checkDeal(dto.dealId, dto.contactId, caller) : undefined,
    ]);
    const currency = dto.currency ?? settings.defaultCurrency;
    const problems = currencyProblems(currency, settings);
    const lines = await this.prepareLines(tenantId, dto.lines ?? [], settings, 'lines', problems);
    if (problems.length) throw unprocessable('The document does not match the settings', problems);

    const issueDate = dto.issueDate ?? todayIn(settings.timeZone, this.clock.now());
    const now = this.clock.now();
    const document = newDraft({
      tenantId,
      kind,
      contactId: dto.contactId,
      dealId: dto.dealId ?? null,
      buyer,
      buyerAsOf: asOf,
      name: dto.name?.trim() ?? defaultName(kind, buyer.name, issueDate),
      issueDate,
      dueDate: dto.dueDate ?? addDays(issueDate, settings.defaultPaymentTermDays),
      validUntil: kind === 'offer' ? (dto.validUntil ?? addDays(issueDate, OFFER_VALIDITY_DAYS)) : null,
      paymentMethod: dto.paymentMethod ?? settings.defaultPaymentMethod,
      currency,
      notes: dto.notes ?? null,
      now,
    });
    return this.documents.transaction(async (manager) => {
      await this.documents.insert(manager, document);
      const stored = await this.storeLines(manager, document, lines);
      return this.withExemptionNote(manager, document, stored, settings);
    });
  }

  async get(tenantId: string, kind: DocumentKind, id: string): Promise<DocumentView> {
    const manager = this.documents.manager;
    const document = await this.documents.find(manager, tenantId, kind, id);
    if (!document) throw notFound(KIND_TITLE[kind]);
    return toDocumentView(document, await this.documents.lines(manager, id));
  }

  async list(tenantId: string, query: ListDocumentsRequest): Promise<Page<DocumentView>> {
    return this.page(tenantId, query);
  }

  /** A contact's invoices, proformas and offers together, newest first, trashed drafts left out. */
  async listForContact(tenantId: string, query: ListContactDocumentsRequest): Promise<Page<DocumentView>> {
    return this.page(tenantId, { contactId: query.contactId, limit: query.limit, cursor: query.cursor });
  }

  private async page(
    tenantId: string,
    query: Pick<ListDocumentsRequest, 'status' | 'contactId' | 'limit' | 'cursor'> & { kind?: DocumentKind },
  ): Promise<Page<DocumentView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.documents.list(tenantId, {
      kind: query.kind,
      status: query.status,
      contactId: query.contactId,
      limit,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const page = rows.slice(0, limit);
    const lines = await this.documents.linesOf(
      this.documents.manager,
      page.map((d) => d.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((document) => toDocumentView(document, lines.get(document.id)!)),
      nextCursor: rows.length > limit ? encodeCursor(last) : null,
    };
  }

  /** PATCH: any draft field; once issued only the (internal, never printed) name. */
  async update(
    caller: RpcCaller,
    kind: DocumentKind,
    id: string,
    changes: UpdateDocumentDto,
  ): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const given = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key]) => key);
    const renameOnly = given.every((key) => key === 'name');
    const current = await this.documents.find(this.documents.manager, tenantId, kind, id);
    if (!current) throw notFound(KIND_TITLE[kind]);
    if (!renameOnly) assertDraft(current);
    assertDates(kind, changes);

    let settings: SettingsView | undefined;
    let lines: PreparedLine[] | undefined;
    if (!renameOnly) {
      const problems: FieldProblem[] = [];
      [settings] = await Promise.all([
        this.settings.get(tenantId),
        changes.dealId ? this.crm.checkDeal(changes.dealId, current.contactId, caller) : undefined,
      ]);
      if (changes.currency !== undefined) problems.push(...currencyProblems(changes.currency, settings));
      if (changes.lines)
        lines = await this.prepareLines(tenantId, changes.lines, settings, 'lines', problems);
      if (problems.length) throw unprocessable('The document does not match the settings', problems);
    }

    return this.documents.transaction(async (manager) => {
      const document = await this.lock(manager, tenantId, kind, id);
      if (!renameOnly) assertDraft(document);
      const draftChanges: DraftChanges = {
        name: changes.name?.trim(),
        dealId: changes.dealId,
        issueDate: changes.issueDate,
        dueDate: changes.dueDate,
        validUntil: changes.validUntil,
        paymentMethod: changes.paymentMethod,
        currency: changes.currency,
        notes: changes.notes,
      };
      const now = this.clock.now();
      await this.documents.update(manager, id, draftChanges, now);
      const updated: DocumentRecord = { ...document, ...definedOnly(draftChanges), updatedAt: now };
      if (!lines) return toDocumentView(updated, await this.documents.lines(manager, id));
      await this.documents.deleteAllLines(manager, id);
      const stored = await this.storeLines(manager, updated, lines);
      return this.withExemptionNote(manager, updated, stored, settings!);
    });
  }

  async addLine(
    caller: RpcCaller,
    kind: DocumentKind,
    id: string,
    input: LineInputDto,
  ): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const current = await this.documents.find(this.documents.manager, tenantId, kind, id);
    if (!current) throw notFound(KIND_TITLE[kind]);
    assertDraft(current);
    const settings = await this.settings.get(tenantId);
    const problems: FieldProblem[] = [];
    const [line] = await this.prepareLines(tenantId, [input], settings, '', problems);
    if (problems.length) throw unprocessable('The line does not match the settings', problems);
    return this.editDraft(tenantId, kind, id, settings, async (manager, document) => {
      await this.storeLines(manager, document, [line]);
    });
  }

  async updateLine(
    caller: RpcCaller,
    kind: DocumentKind,
    id: string,
    lineId: string,
    patch: LinePatchDto,
  ): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const current = await this.documents.find(this.documents.manager, tenantId, kind, id);
    if (!current) throw notFound(KIND_TITLE[kind]);
    assertDraft(current);
    const settings = await this.settings.get(tenantId);
    const problems = lineValueProblems(patch, settings, '');
    const product = patch.productId ? await this.product(tenantId, patch.productId, '', problems) : undefined;
    if (problems.length) throw unprocessable('The line does not match the settings', problems);
    return this.editDraft(tenantId, kind, id, settings, async (manager, document) => {
      const existing = (await this.documents.lines(manager, id)).find((line) => line.id === lineId);
      if (!existing) throw notFound('Line');
      const content = resolveLinePatch(existing, patch, product, settings);
      if (patch.saveToCatalogue === true && !content.productId)
        content.productId = await this.saveToCatalogue(manager, document, content);
      await this.documents.updateLine(manager, { ...existing, ...content });
    });
  }

  async removeLine(caller: RpcCaller, kind: DocumentKind, id: string, lineId: string): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const current = await this.documents.find(this.documents.manager, tenantId, kind, id);
    if (!current) throw notFound(KIND_TITLE[kind]);
    assertDraft(current);
    const settings = await this.settings.get(tenantId);
    return this.editDraft(tenantId, kind, id, settings, async (manager) => {
      if (!(await this.documents.deleteLine(manager, id, lineId))) throw notFound('Line');
    });
  }

  /**
   * A new draft of the same kind for the same contact (buyer refreshed from crm), with the same
   * lines, currency and payment method; dated today, due after the original's payment term.
   */
  async copy(caller: RpcCaller, kind: DocumentKind, id: string): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const manager = this.documents.manager;
    const source = await this.documents.find(manager, tenantId, kind, id);
    if (!source) throw notFound(KIND_TITLE[kind]);
    const [sourceLines, settings, { buyer, asOf }] = await Promise.all([
      this.documents.lines(manager, id),
      this.settings.get(tenantId),
      this.crm.buyer(source.contactId, caller),
    ]);
    const issueDate = todayIn(settings.timeZone, this.clock.now());
    const term = source.dueDate
      ? daysBetween(source.issueDate, source.dueDate)
      : settings.defaultPaymentTermDays;
    const validity = source.validUntil
      ? daysBetween(source.issueDate, source.validUntil)
      : OFFER_VALIDITY_DAYS;
    const document = newDraft({
      tenantId,
      kind,
      contactId: source.contactId,
      dealId: null,
      buyer,
      buyerAsOf: asOf,
      name: defaultName(kind, buyer.name, issueDate),
      issueDate,
      dueDate: addDays(issueDate, term),
      validUntil: kind === 'offer' ? addDays(issueDate, validity) : null,
      paymentMethod: source.paymentMethod,
      currency: source.currency,
      notes: source.notes,
      now: this.clock.now(),
    });
    const lines: PreparedLine[] = sourceLines.map((line) => ({
      saveToCatalogue: false,
      content: {
        productId: line.productId,
        name: line.name,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        vatRate: line.vatRate,
        vatCategory: vatCategoryFor(line.vatRate, settings.vatRegistered),
      },
    }));
    return this.documents.transaction(async (tx) => {
      await this.documents.insert(tx, document);
      const stored = await this.storeLines(tx, document, lines);
      return this.withExemptionNote(tx, document, stored, settings);
    });
  }

  /** DELETE: a draft goes to the trash (again: nothing changes); an issued document cannot. */
  async trash(tenantId: string, kind: DocumentKind, id: string): Promise<void> {
    await this.documents.transaction(async (manager) => {
      const document = await this.lock(manager, tenantId, kind, id);
      if (document.status === 'trashed') return;
      if (document.status !== 'draft') throw conflict(LOCKED_MESSAGE);
      await this.documents.setStatus(manager, id, 'trashed', this.clock.now());
    });
  }

  async restore(tenantId: string, kind: DocumentKind, id: string): Promise<DocumentView> {
    return this.documents.transaction(async (manager) => {
      const document = await this.lock(manager, tenantId, kind, id);
      if (document.status !== 'trashed' && document.status !== 'draft')
        throw conflict('Only a draft in the trash can be restored');
      const now = this.clock.now();
      if (document.status === 'trashed') await this.documents.setStatus(manager, id, 'draft', now);
      return toDocumentView(
        { ...document, status: 'draft', trashedAt: null, updatedAt: now },
        await this.documents.lines(manager, id),
      );
    });
  }

  /** Locks the draft, runs the change, and answers the document with fresh totals. */
  private editDraft(
    tenantId: string,
    kind: DocumentKind,
    id: string,
    settings: SettingsView,
    change: (manager: EntityManager, document: DocumentRecord) => Promise<void>,
  ): Promise<DocumentView> {
    return this.documents.transaction(async (manager) => {
      const document = await this.lock(manager, tenantId, kind, id);
      assertDraft(document);
      await change(manager, document);
      const now = this.clock.now();
      await this.documents.update(manager, id, {}, now);
      return this.withExemptionNote(
        manager,
        { ...document, updatedAt: now },
        await this.documents.lines(manager, id),
        settings,
      );
    });
  }

  private async lock(
    manager: EntityManager,
    tenantId: string,
    kind: DocumentKind,
    id: string,
  ): Promise<DocumentRecord> {
    const document = await this.documents.find(manager, tenantId, kind, id, true);
    if (!document) throw notFound(KIND_TITLE[kind]);
    return document;
  }

  /** Keeps the exemption note on a document exactly while one of its lines is VAT exempt. */
  private async withExemptionNote(
    manager: EntityManager,
    document: DocumentRecord,
    lines: LineRecord[],
    settings: SettingsView,
  ): Promise<DocumentView> {
    const exempt = lines.some((line) => line.vatCategory === 'exempt');
    const note = exempt ? (document.vatExemptionNote ?? settings.vatExemptionNote) : null;
    if (note !== document.vatExemptionNote)
      await this.documents.update(manager, document.id, { vatExemptionNote: note }, document.updatedAt);
    const view = toDocumentView({ ...document, vatExemptionNote: note }, lines);
    // Thrown inside the caller's transaction: the change that made the amounts too large is undone.
    const tooLarge = amountRangeProblems(view);
    if (tooLarge.length) throw unprocessable('The amounts are too large', tooLarge);
    return view;
  }

  /** Resolves line inputs against the catalogue and settings; problems are collected, not thrown. */
  private async prepareLines(
    tenantId: string,
    inputs: LineInputDto[],
    settings: SettingsView,
    prefix: string,
    problems: FieldProblem[],
  ): Promise<PreparedLine[]> {
    const at = (index: number) => (prefix ? `${prefix}.${index}` : '');
    const products = new Map<string, Promise<ProductTerms | undefined>>();
    const prepared: PreparedLine[] = [];
    for (const [index, input] of inputs.entries()) {
      problems.push(...lineValueProblems(input, settings, at(index)));
      let product: ProductTerms | undefined;
      if (input.productId) {
        const productId = input.productId;
        if (!products.has(productId)) products.set(productId, this.product(tenantId, productId, null, []));
        product = await products.get(productId);
        if (!product)
          problems.push({
            path: at(index) ? `${at(index)}.productId` : 'productId',
            message: 'no active product with this id in the catalogue',
          });
      }
      prepared.push({
        content: resolveNewLine(input, product, settings),
        saveToCatalogue: !input.productId && input.saveToCatalogue !== false,
      });
    }
    return prepared;
  }

  private async product(
    tenantId: string,
    productId: string,
    path: string | null,
    problems: FieldProblem[],
  ): Promise<ProductTerms | undefined> {
    const product = await this.products.findById(tenantId, productId);
    if (product?.active)
      return {
        id: product.id,
        name: product.name,
        unit: product.unit,
        unitPrice: product.unitPrice?.toString() ?? null,
        vatRate: product.vatRate.toString(),
      };
    if (path !== null)
      problems.push({
        path: path ? `${path}.productId` : 'productId',
        message: 'no active product with this id in the catalogue',
      });
    return undefined;
  }

  private async storeLines(
    manager: EntityManager,
    document: DocumentRecord,
    lines: PreparedLine[],
  ): Promise<LineRecord[]> {
    for (const line of lines)
      if (line.saveToCatalogue && !line.content.productId)
        line.content.productId = (await this.saveToCatalogue(manager, document, line.content)) ?? null;
    await this.documents.insertLines(
      manager,
      document.tenantId,
      document.id,
      lines.map((line) => line.content),
    );
    return this.documents.lines(manager, document.id);
  }

  /** "Save to catalogue": by name, ignoring case; a line without name or unit cannot be a product. */
  private async saveToCatalogue(
    manager: EntityManager,
    document: DocumentRecord,
    content: LineContent,
  ): Promise<string | null> {
    if (!content.name || !content.unit) return null;
    const { id } = await this.products.upsertByName(manager, document.tenantId, {
      name: content.name,
      unit: content.unit,
      unitPrice: content.unitPrice,
      vatRate: content.vatRate,
      currency: document.currency,
    });
    return id;
  }
}

/** A new draft document record (no number, no snapshot, not sent). */
export function newDraft(fields: {
  tenantId: string;
  kind: DocumentKind;
  contactId: string;
  dealId: string | null;
  buyer: DocumentRecord['buyer'];
  buyerAsOf: Date;
  name: string;
  issueDate: string;
  dueDate: string | null;
  validUntil: string | null;
  paymentMethod: DocumentRecord['paymentMethod'];
  currency: string;
  notes: string | null;
  now: Date;
}): DocumentRecord {
  const { now, ...rest } = fields;
  return {
    ...rest,
    id: randomUUID(),
    status: 'draft',
    series: null,
    number: null,
    fullNumber: null,
    seller: null,
    vatExemptionNote: null,
    totals: null,
    reversalOf: null,
    reversedBy: null,
    proformaId: null,
    invoiceId: null,
    recurrenceId: null,
    deliveryStatus: 'not_sent',
    deliveryTo: null,
    sentAt: null,
    deliveryError: null,
    viewedAt: null,
    issuedAt: null,
    trashedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** 409 unless the document is a draft, with a message saying what to do instead. */
function assertDraft(document: DocumentRecord): void {
  if (document.status === 'draft') return;
  throw conflict(document.status === 'trashed' ? TRASHED_MESSAGE : LOCKED_MESSAGE);
}

/** Dates must be days that exist; `validUntil` belongs to offers only. */
function assertDates(
  kind: DocumentKind,
  fields: { issueDate?: string; dueDate?: string; validUntil?: string },
): void {
  const problems: FieldProblem[] = [];
  for (const key of ['issueDate', 'dueDate', 'validUntil'] as const) {
    const value = fields[key];
    if (value !== undefined && !isCalendarDate(value))
      problems.push({ path: key, message: `${key} must be a date that exists, such as "2026-11-26"` });
  }
  if (kind !== 'offer' && fields.validUntil !== undefined)
    problems.push({ path: 'validUntil', message: 'only offers have a validity date' });
  if (problems.length) throw badRequest('The request is not valid', problems);
}

function currencyProblems(currency: string, settings: SettingsView): FieldProblem[] {
  return settings.currencies.includes(currency)
    ? []
    : [
        {
          path: 'currency',
          message: `currency "${currency}" is not enabled in settings (${settings.currencies.join(', ')})`,
        },
      ];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const encodeCursor = (last: DocumentRecord) =>
  Buffer.from(JSON.stringify({ c: last.createdAt.toISOString(), i: last.id })).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const { c, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      c?: unknown;
      i?: unknown;
    };
    if (typeof c === 'string' && !Number.isNaN(Date.parse(c)) && typeof i === 'string' && UUID.test(i))
      return { createdAt: c, id: i };
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid', [
    { path: 'cursor', message: 'use nextCursor from the last page' },
  ]);
}
