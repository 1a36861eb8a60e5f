import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DocumentKind, DocumentStatus, TotalsView } from '@app/contracts';
import { preparedQuery } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentRecord, LineContent, LineRecord } from './document.record';

/** Columns of a document as the mapper below reads them (dates as text, never as JS Dates). */
const DOCUMENT_COLUMNS = `d.id, d.tenant_id, d.kind, d.status, d.name, d.series, d.number::text AS number,
  d.full_number, d.contact_id, d.deal_id, d.buyer, d.buyer_as_of, d.seller, d.issue_date::text AS issue_date,
  d.due_date::text AS due_date, d.valid_until::text AS valid_until, d.payment_method, d.currency, d.notes,
  d.vat_exemption_note, d.totals, d.reversal_of, d.reversed_by, d.proforma_id, d.invoice_id, d.recurrence_id,
  d.delivery_status, d.delivery_to, d.sent_at, d.delivery_error, d.viewed_at, d.issued_at, d.trashed_at,
  d.created_at, d.updated_at`;

const LINE_COLUMNS = `id, document_id, position, product_id, name, unit, quantity::text AS quantity,
  unit_price::text AS unit_price, vat_rate::text AS vat_rate, vat_category, net::text AS net`;

/** The same line columns as one JSON object per line (numbers as text, as LINE_COLUMNS reads them). */
const LINE_JSON = `json_build_object('id', l.id, 'document_id', l.document_id, 'position', l.position,
  'product_id', l.product_id, 'name', l.name, 'unit', l.unit, 'quantity', l.quantity::text,
  'unit_price', l.unit_price::text, 'vat_rate', l.vat_rate::text, 'vat_category', l.vat_category,
  'net', l.net::text)`;

type Row = Record<string, unknown>;

/** What an issue reads, in one statement and without a lock (see `readForIssue`). */
export interface IssueRead {
  document: DocumentRecord;
  lines: LineRecord[];
  /** The document row's version (`xmin`): the issue's write goes on only while it is unchanged. */
  version: string;
  /** The issue date of the last number the document's series gave. */
  lastIssueDate: string | null;
  /** The version (`xmin`) of the tenant's settings row, to know whether settings read earlier still hold. */
  settingsVersion: string | null;
}

interface IssueReadKey {
  tenantId: string;
  kind: DocumentKind;
  id: string;
}

interface PendingRead {
  key: IssueReadKey;
  resolve: (read: IssueRead | null) => void;
  reject: (error: unknown) => void;
}

export interface DocumentListQuery {
  /** Left out: every kind (a contact's documents). */
  kind?: DocumentKind;
  status?: DocumentStatus;
  contactId?: string;
  limit: number;
  after?: { createdAt: string; id: string };
}

/** Changeable fields of a draft (PATCH). */
export type DraftChanges = Partial<
  Pick<
    DocumentRecord,
    | 'name'
    | 'dealId'
    | 'issueDate'
    | 'dueDate'
    | 'validUntil'
    | 'paymentMethod'
    | 'currency'
    | 'notes'
    | 'vatExemptionNote'
    | 'buyer'
    | 'buyerAsOf'
  >
>;

const CHANGE_COLUMNS: Record<keyof DraftChanges, string> = {
  name: 'name',
  dealId: 'deal_id',
  issueDate: 'issue_date',
  dueDate: 'due_date',
  validUntil: 'valid_until',
  paymentMethod: 'payment_method',
  currency: 'currency',
  notes: 'notes',
  vatExemptionNote: 'vat_exemption_note',
  buyer: 'buyer',
  buyerAsOf: 'buyer_as_of',
};

/** Documents and their lines. Every query filters by tenant: another tenant's document is not found. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async find(
    manager: EntityManager,
    tenantId: string,
    kind: DocumentKind,
    id: string,
    lock = false,
  ): Promise<DocumentRecord | null> {
    // By primary key alone, tenant and kind checked on the row found (see readForIssue).
    const rows = await manager.query<Row[]>(
      `WITH by_id AS MATERIALIZED (SELECT d.id, d.tenant_id, d.kind FROM billing.documents d WHERE d.id = $3)
       SELECT ${DOCUMENT_COLUMNS} FROM billing.documents d
        WHERE d.id = (SELECT b.id FROM by_id b WHERE b.tenant_id = $1 AND b.kind = $2)
        ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, kind, id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /**
   * Everything an issue reads, in one round trip and without locking: the document, its lines,
   * its row version, the issue date of the last number of its series, and the settings' version.
   * The issue's write checks the version (see NumberSeriesRepository.issueDrafts).
   *
   * Outside a transaction, the reads asked for in one turn of the event loop (issue requests
   * delivered together) go to the database as one statement: a statement costs far more in round
   * trip and system calls than the rows it returns. Inside a transaction it reads at once.
   */
  readForIssue(
    manager: EntityManager,
    tenantId: string,
    kind: DocumentKind,
    id: string,
  ): Promise<IssueRead | null> {
    const key: IssueReadKey = { tenantId, kind, id };
    if (manager.queryRunner) return this.readManyForIssue(manager, [key]).then(([read]) => read);
    return new Promise((resolve, reject) => {
      this.pendingReads.push({ key, resolve, reject });
      if (this.pendingReads.length === 1) setImmediate(() => this.flushReads(manager));
    });
  }

  private pendingReads: PendingRead[] = [];

  private flushReads(manager: EntityManager): void {
    const batch = this.pendingReads;
    this.pendingReads = [];
    this.readManyForIssue(
      manager,
      batch.map((pending) => pending.key),
    ).then(
      (reads) => batch.forEach((pending, i) => pending.resolve(reads[i])),
      (error: unknown) => batch.forEach((pending) => pending.reject(error)),
    );
  }

  /** The reads of `keys`, in their order; null where the document is not the tenant's of that kind. */
  private async readManyForIssue(
    manager: EntityManager,
    keys: IssueReadKey[],
  ): Promise<(IssueRead | null)[]> {
    const rows = await preparedQuery<Row>(
      manager,
      'billing.read-for-issue',
      // Rows are found by primary key alone (a materialized CTE keeps the tenant and kind checks
      // out of the index choice): planned without statistics, "tenant and kind, then filter by id"
      // scanned every document of the tenant, a cost growing with its history.
      `WITH by_id AS MATERIALIZED (
         SELECT d.*, d.xmin::text AS version FROM billing.documents d WHERE d.id = ANY ($1::uuid[])
       )
       SELECT DISTINCT ON (d.id) ${DOCUMENT_COLUMNS}, d.version,
              (SELECT s.last_issue_date::text FROM billing.number_series s
                WHERE s.tenant_id = d.tenant_id AND s.kind = d.kind) AS series_last_issue_date,
              (SELECT s.xmin::text FROM billing.settings s WHERE s.tenant_id = d.tenant_id) AS settings_version,
              (SELECT coalesce(json_agg(${LINE_JSON} ORDER BY l.position), '[]'::json)
                 FROM billing.document_lines l WHERE l.document_id = d.id) AS lines
         FROM by_id d
         JOIN unnest($1::uuid[], $2::uuid[], $3::text[]) AS asked(id, tenant_id, kind)
           ON asked.id = d.id AND asked.tenant_id = d.tenant_id AND asked.kind = d.kind`,
      [keys.map((k) => k.id), keys.map((k) => k.tenantId), keys.map((k) => k.kind)],
    );
    const found = new Map<string, IssueRead>();
    for (const row of rows)
      found.set(`${row.tenant_id as string}/${row.kind as string}/${row.id as string}`, {
        document: toRecord(row),
        lines: (row.lines as Row[]).map(toLine),
        version: row.version as string,
        lastIssueDate: (row.series_last_issue_date as string | null) ?? null,
        settingsVersion: (row.settings_version as string | null) ?? null,
      });
    // Each caller gets its own object (the same draft asked for twice gets a copy).
    const given = new Set<IssueRead>();
    return keys.map((k) => {
      const read = found.get(`${k.tenantId}/${k.kind}/${k.id}`);
      if (!read) return null;
      if (!given.has(read)) {
        given.add(read);
        return read;
      }
      return structuredClone(read);
    });
  }

  async lines(manager: EntityManager, documentId: string): Promise<LineRecord[]> {
    const rows = await manager.query<Row[]>(
      `SELECT ${LINE_COLUMNS} FROM billing.document_lines WHERE document_id = $1 ORDER BY position`,
      [documentId],
    );
    return rows.map(toLine);
  }

  async linesOf(manager: EntityManager, documentIds: string[]): Promise<Map<string, LineRecord[]>> {
    const byDocument = new Map<string, LineRecord[]>(documentIds.map((id) => [id, []]));
    if (!documentIds.length) return byDocument;
    const rows = await manager.query<Row[]>(
      `SELECT ${LINE_COLUMNS} FROM billing.document_lines WHERE document_id = ANY($1::uuid[])
        ORDER BY document_id, position`,
      [documentIds],
    );
    for (const row of rows.map(toLine)) byDocument.get(row.documentId)!.push(row);
    return byDocument;
  }

  async insert(manager: EntityManager, document: DocumentRecord): Promise<void> {
    await manager.query(
      `INSERT INTO billing.documents (id, tenant_id, kind, status, name, contact_id, deal_id, buyer, buyer_as_of,
         issue_date, due_date, valid_until, payment_method, currency, notes, vat_exemption_note,
         reversal_of, proforma_id, invoice_id, recurrence_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        document.id,
        document.tenantId,
        document.kind,
        document.status,
        document.name,
        document.contactId,
        document.dealId,
        JSON.stringify(document.buyer),
        document.buyerAsOf,
        document.issueDate,
        document.dueDate,
        document.validUntil,
        document.paymentMethod,
        document.currency,
        document.notes,
        document.vatExemptionNote,
        document.reversalOf,
        document.proformaId,
        document.invoiceId,
        document.recurrenceId,
        document.createdAt,
        document.updatedAt,
      ],
    );
  }

  async update(manager: EntityManager, id: string, changes: DraftChanges, now: Date): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id, now];
    for (const [key, column] of Object.entries(CHANGE_COLUMNS) as Array<[keyof DraftChanges, string]>) {
      if (changes[key] === undefined) continue;
      values.push(key === 'buyer' ? JSON.stringify(changes[key]) : changes[key]);
      sets.push(`${column} = $${values.length}`);
    }
    await manager.query(
      `UPDATE billing.documents SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1`,
      values,
    );
  }

  async setStatus(manager: EntityManager, id: string, status: 'draft' | 'trashed', now: Date): Promise<void> {
    await manager.query(
      `UPDATE billing.documents SET status = $2, trashed_at = $3, updated_at = $4 WHERE id = $1`,
      [id, status, status === 'trashed' ? now : null, now],
    );
  }

  /** Appends lines after the last one, in one statement however many there are. */
  async insertLines(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    lines: LineContent[],
  ): Promise<LineRecord[]> {
    if (!lines.length) return [];
    const [{ next }] = await manager.query<Array<{ next: number }>>(
      'SELECT COALESCE(max(position), 0) + 1 AS next FROM billing.document_lines WHERE document_id = $1',
      [documentId],
    );
    const records: LineRecord[] = lines.map((line, index) => ({
      ...line,
      id: randomUUID(),
      documentId,
      position: next + index,
      net: null,
    }));
    await manager.query(
      `INSERT INTO billing.document_lines (id, document_id, tenant_id, position, product_id, name, unit, quantity,
         unit_price, vat_rate, vat_category)
       SELECT id, $1, $2, position, product_id, name, unit, quantity, unit_price, vat_rate, vat_category
         FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::text[], $7::text[], $8::numeric[], $9::numeric[],
                     $10::numeric[], $11::text[])
           AS l(id, position, product_id, name, unit, quantity, unit_price, vat_rate, vat_category)`,
      [
        documentId,
        tenantId,
        records.map((l) => l.id),
        records.map((l) => l.position),
        records.map((l) => l.productId),
        records.map((l) => l.name),
        records.map((l) => l.unit),
        records.map((l) => l.quantity),
        records.map((l) => l.unitPrice),
        records.map((l) => l.vatRate),
        records.map((l) => l.vatCategory),
      ],
    );
    return records;
  }

  async updateLine(manager: EntityManager, line: LineRecord): Promise<void> {
    await manager.query(
      `UPDATE billing.document_lines SET product_id = $2, name = $3, unit = $4, quantity = $5, unit_price = $6,
         vat_rate = $7, vat_category = $8 WHERE id = $1`,
      [
        line.id,
        line.productId,
        line.name,
        line.unit,
        line.quantity,
        line.unitPrice,
        line.vatRate,
        line.vatCategory,
      ],
    );
  }

  /** Stores each line's net at issue, in one statement however many lines there are. */
  async storeLineNets(manager: EntityManager, nets: Array<{ id: string; net: string }>): Promise<void> {
    if (!nets.length) return;
    await manager.query(
      `UPDATE billing.document_lines l SET net = n.net
         FROM unnest($1::uuid[], $2::numeric[]) AS n(id, net) WHERE l.id = n.id`,
      [nets.map((n) => n.id), nets.map((n) => n.net)],
    );
  }

  async deleteLine(manager: EntityManager, documentId: string, lineId: string): Promise<boolean> {
    const [, affected] = await manager.query<[unknown, number]>(
      'DELETE FROM billing.document_lines WHERE document_id = $1 AND id = $2',
      [documentId, lineId],
    );
    return affected > 0;
  }

  async deleteAllLines(manager: EntityManager, documentId: string): Promise<void> {
    await manager.query('DELETE FROM billing.document_lines WHERE document_id = $1', [documentId]);
  }

  /** One page, newest first, one row more than asked to know whether a next page exists. */
  async list(tenantId: string, query: DocumentListQuery): Promise<DocumentRecord[]> {
    const values: unknown[] = [tenantId];
    const where = ['d.tenant_id = $1'];
    if (query.kind) {
      values.push(query.kind);
      where.push(`d.kind = $${values.length}`);
    }
    if (query.status) {
      values.push(query.status);
      where.push(`d.status = $${values.length}`);
    } else where.push(`d.status <> 'trashed'`);
    if (query.contactId) {
      values.push(query.contactId);
      where.push(`d.contact_id = $${values.length}`);
    }
    if (query.after) {
      values.push(query.after.createdAt, query.after.id);
      where.push(`(d.created_at, d.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(query.limit + 1);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${DOCUMENT_COLUMNS} FROM billing.documents d WHERE ${where.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toRecord);
  }

  /** The original of a storno: `reversed`, pointing at the storno. Call with its row locked. */
  async markReversed(manager: EntityManager, id: string, stornoId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE billing.documents SET status = 'reversed', reversed_by = $2, updated_at = $3 WHERE id = $1`,
      [id, stornoId, now],
    );
  }

  /** New totals after a payment, and `paid` once nothing is due. Call with the row locked. */
  async storePayments(
    manager: EntityManager,
    id: string,
    totals: TotalsView,
    status: 'issued' | 'paid',
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing.documents SET totals = $2, status = $3, updated_at = $4 WHERE id = $1`,
      [id, JSON.stringify(totals), status, now],
    );
  }

  /** The issue date of the last number a series gave (null before its first). */
  async lastIssueDate(manager: EntityManager, tenantId: string, kind: DocumentKind): Promise<string | null> {
    const rows = await manager.query<Array<{ last: string | null }>>(
      `SELECT last_issue_date::text AS last FROM billing.number_series WHERE tenant_id = $1 AND kind = $2`,
      [tenantId, kind],
    );
    return rows[0]?.last ?? null;
  }

  async dealDraftExists(manager: EntityManager, tenantId: string, dealId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM billing.deal_drafts WHERE tenant_id = $1 AND deal_id = $2',
      [tenantId, dealId],
    );
    return rows.length > 0;
  }

  /** Claims the deal's one automatic draft; false when another event of the deal already did. */
  async claimDealDraft(
    manager: EntityManager,
    tenantId: string,
    dealId: string,
    documentId: string,
    now: Date,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO billing.deal_drafts (tenant_id, deal_id, document_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING deal_id`,
      [tenantId, dealId, documentId, now],
    );
    return rows.length > 0;
  }

  /** How many numbered documents and live drafts a contact has (trashed drafts are not counted). */
  async countsForContact(tenantId: string, contactId: string): Promise<{ issued: number; drafts: number }> {
    const [row] = await this.dataSource.query<Array<{ issued: number; drafts: number }>>(
      `SELECT count(*) FILTER (WHERE status NOT IN ('draft', 'trashed'))::int AS issued,
              count(*) FILTER (WHERE status = 'draft')::int AS drafts
         FROM billing.documents WHERE tenant_id = $1 AND contact_id = $2`,
      [tenantId, contactId],
    );
    return { issued: row?.issued ?? 0, drafts: row?.drafts ?? 0 };
  }

  /**
   * Refreshes the buyer block of a contact's drafts (issued documents keep theirs). An older copy
   * of the contact (a late or redelivered event) never overwrites a newer one.
   */
  async refreshBuyer(
    manager: EntityManager,
    tenantId: string,
    contactId: string,
    buyer: DocumentRecord['buyer'],
    asOf: Date,
    now: Date,
  ): Promise<number> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE billing.documents SET buyer = $3, buyer_as_of = $4, updated_at = $5
        WHERE tenant_id = $1 AND contact_id = $2 AND status IN ('draft', 'trashed')
          AND (buyer_as_of IS NULL OR buyer_as_of < $4)`,
      [tenantId, contactId, JSON.stringify(buyer), asOf, now],
    );
    return affected;
  }
}

const date = (value: unknown): Date | null => (value == null ? null : new Date(value as string | Date));

function toRecord(row: Row): DocumentRecord {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    kind: row.kind as DocumentRecord['kind'],
    status: row.status as DocumentRecord['status'],
    name: row.name as string,
    series: (row.series as string | null) ?? null,
    number: row.number == null ? null : Number(row.number),
    fullNumber: (row.full_number as string | null) ?? null,
    contactId: row.contact_id as string,
    dealId: (row.deal_id as string | null) ?? null,
    buyer: row.buyer as DocumentRecord['buyer'],
    buyerAsOf: date(row.buyer_as_of),
    seller: (row.seller as DocumentRecord['seller']) ?? null,
    issueDate: row.issue_date as string,
    dueDate: (row.due_date as string | null) ?? null,
    validUntil: (row.valid_until as string | null) ?? null,
    paymentMethod: row.payment_method as DocumentRecord['paymentMethod'],
    currency: row.currency as string,
    notes: (row.notes as string | null) ?? null,
    vatExemptionNote: (row.vat_exemption_note as string | null) ?? null,
    totals: (row.totals as DocumentRecord['totals']) ?? null,
    reversalOf: (row.reversal_of as string | null) ?? null,
    reversedBy: (row.reversed_by as string | null) ?? null,
    proformaId: (row.proforma_id as string | null) ?? null,
    invoiceId: (row.invoice_id as string | null) ?? null,
    recurrenceId: (row.recurrence_id as string | null) ?? null,
    deliveryStatus: row.delivery_status as DocumentRecord['deliveryStatus'],
    deliveryTo: (row.delivery_to as string[] | null) ?? null,
    sentAt: date(row.sent_at),
    deliveryError: (row.delivery_error as string | null) ?? null,
    viewedAt: date(row.viewed_at),
    issuedAt: date(row.issued_at),
    trashedAt: date(row.trashed_at),
    createdAt: date(row.created_at)!,
    updatedAt: date(row.updated_at)!,
  };
}

function toLine(row: Row): LineRecord {
  return {
    id: row.id as string,
    documentId: row.document_id as string,
    position: Number(row.position),
    productId: (row.product_id as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    unit: (row.unit as string | null) ?? null,
    quantity: row.quantity as string,
    unitPrice: row.unit_price as string,
    vatRate: row.vat_rate as string,
    vatCategory: row.vat_category as LineRecord['vatCategory'],
    net: (row.net as string | null) ?? null,
  };
}
