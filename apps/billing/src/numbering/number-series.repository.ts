import { Injectable } from '@nestjs/common';
import type { DocumentKind, SellerView, TotalsView } from '@app/contracts';
import { assertCallerStillWaiting, preparedQuery, requestContext } from '@app/platform';
import type { EntityManager } from 'typeorm';

/**
 * A full number as SQL, e.g. INV-0042, or INV-2026-0042 for a yearly series (`year`: an int
 * expression). Shared by every statement that numbers, so all of them write the same form.
 */
export const fullNumberSql = (prefix: string, yearlyReset: string, number: string, year = '$3::int') =>
  `${prefix} || '-' || CASE WHEN ${yearlyReset} THEN ${year}::text || '-' ELSE '' END
     || lpad((${number})::text, greatest(4, length((${number})::text)), '0')`;

/** `envelope` (jsonb) with the number written into the document under `data.<key>`. */
const numberedEnvelopeSql = (envelope: string, key: string, series: string, number: string, full: string) =>
  `jsonb_set(jsonb_set(jsonb_set(${envelope},
     ARRAY['data', ${key}, 'series'], to_jsonb(${series})),
     ARRAY['data', ${key}, 'number'], to_jsonb(${number})),
     ARRAY['data', ${key}, 'fullNumber'], to_jsonb(${full}))`;

/** Everything the final statement of an issue writes besides the number itself. */
export interface IssueStamp {
  tenantId: string;
  kind: DocumentKind;
  documentId: string;
  issueDate: string;
  issuedAt: Date;
  seller: SellerView;
  totals: TotalsView;
  vatExemptionNote: string | null;
  deliveryStatus: 'not_sent' | 'queued';
  deliveryTo: string[] | null;
  /**
   * The outbox rows that carry this document, written earlier in the transaction without its
   * number, and the key under `data` where each holds it (`document` in an issued event, `storno`
   * in `billing.invoice.reversed`).
   */
  outboxEvents: Array<{ id: string; key: 'document' | 'storno' }>;
  /** The status the document takes: `issued`, or `paid` for an invoice paid in the same step. */
  status?: 'issued' | 'paid';
}

/** An issue that took no lock beforehand: what the statement checks and writes besides the stamp. */
export interface DraftIssue extends Omit<IssueStamp, 'outboxEvents' | 'status'> {
  /** The document's row version (`xmin`) when it was read: any change since then refuses the issue. */
  version: string;
  /** The line nets, stored with the number. */
  lineNets: Array<{ id: string; net: string }>;
  /** The issued event, written by the same statement with the number filled in under `data.document`. */
  event: { id: string; type: string; envelope: object };
}

/** A draft issue's outcome: numbered; refused by the date order; or the draft changed since it was read. */
export type DraftIssueOutcome =
  ({ outcome: 'numbered' } & AssignedNumber) | { outcome: 'date-order' } | { outcome: 'changed' };

export interface AssignedNumber {
  series: string;
  number: number;
  fullNumber: string;
}

/**
 * Takes the next number of a series. Runs as the LAST statement before COMMIT: the UPDATE locks the
 * series row until the commit, so concurrent issues (on any number of billing instances) queue on
 * it one by one and hold it only for this statement and the commit. A rollback, a refused issue or
 * a crash before the commit gives the number back, so numbers are gap-free and never repeat.
 *
 * In the same statement: the issue-date rule is checked against the locked row (so two issues
 * racing cannot put numbers out of date order), a yearly series starts again at 1 when the year of
 * the issue date changes, and the number is written into the document and its outbox event.
 */
@Injectable()
export class NumberSeriesRepository {
  async assign(manager: EntityManager, stamp: IssueStamp): Promise<AssignedNumber | null> {
    // The number is the last step before COMMIT: a caller that already gave up (it answered 504)
    // must not see the document issued behind its back, so the issue rolls back instead.
    assertCallerStillWaiting(requestContext.timeLeft());
    const year = Number(stamp.issueDate.slice(0, 4));
    const rows = await manager.query<
      Array<{ series: string; number: string; full_number: string; documents: number; events: number }>
    >(
      `WITH taken AS (
         UPDATE billing.number_series
            SET next_number = CASE WHEN yearly_reset AND number_year IS DISTINCT FROM $3::int THEN 2
                                   ELSE next_number + 1 END,
                number_year = $3::int, last_issue_date = $4::date, used = true, updated_at = $5
          WHERE tenant_id = $1 AND kind = $2 AND (last_issue_date IS NULL OR last_issue_date <= $4::date)
      RETURNING prefix AS series, next_number - 1 AS number,
                ${fullNumberSql('prefix', 'yearly_reset', 'next_number - 1')} AS full_number
       ), doc AS (
         UPDATE billing.documents d
            SET status = $14, series = t.series, number = t.number, full_number = t.full_number,
                seller = $7, totals = $8, vat_exemption_note = $9, delivery_status = $10, delivery_to = $11,
                issued_at = $5, updated_at = $5
           FROM taken t
          WHERE d.id = $6 AND d.tenant_id = $1
      RETURNING d.id
       ), evt AS (
         UPDATE billing.outbox o
            SET envelope = ${numberedEnvelopeSql('o.envelope', 'e.key', 't.series', 't.number', 't.full_number')}
           FROM taken t, unnest($12::uuid[], $13::text[]) AS e(id, key)
          WHERE o.id = e.id
      RETURNING o.id
       )
       SELECT t.series, t.number::text AS number, t.full_number,
              (SELECT count(*)::int FROM doc) AS documents, (SELECT count(*)::int FROM evt) AS events
         FROM taken t`,
      [
        stamp.tenantId,
        stamp.kind,
        year,
        stamp.issueDate,
        stamp.issuedAt,
        stamp.documentId,
        JSON.stringify(stamp.seller),
        JSON.stringify(stamp.totals),
        stamp.vatExemptionNote,
        stamp.deliveryStatus,
        stamp.deliveryTo,
        stamp.outboxEvents.map((event) => event.id),
        stamp.outboxEvents.map((event) => event.key),
        stamp.status ?? 'issued',
      ],
    );
    if (!rows.length) return null;
    // Both rows were written earlier in this transaction; not finding them is a bug, not a user error.
    if (rows[0].documents !== 1 || rows[0].events !== stamp.outboxEvents.length)
      throw new Error(`issue of ${stamp.documentId}: document or outbox row missing while numbering`);
    return { series: rows[0].series, number: Number(rows[0].number), fullNumber: rows[0].full_number };
  }

  /**
   * Several issues of one series and one issue date, written by ONE statement (one commit, one
   * turn of the series lock, instead of one each): the drafts still unchanged since they were read
   * are locked in id order (the same order everywhere, so two batches never deadlock), numbered
   * consecutively in the order given, stamped, their nets stored and their events written. The
   * rest is answered `changed` (read again and retried). One statement: all or nothing, and
   * outside a transaction its own. The caller checks first that every caller is still waiting.
   */
  async issueDrafts(manager: EntityManager, issues: DraftIssue[]): Promise<DraftIssueOutcome[]> {
    const [first] = issues;
    if (
      issues.some(
        (i) => i.tenantId !== first.tenantId || i.kind !== first.kind || i.issueDate !== first.issueDate,
      )
    )
      throw new Error('a batch of issues must share tenant, kind and issue date');
    const input = issues.map((issue, ord) => ({
      ord,
      id: issue.documentId,
      version: issue.version,
      issued_at: issue.issuedAt.toISOString(),
      seller: issue.seller,
      totals: issue.totals,
      vat_exemption_note: issue.vatExemptionNote,
      delivery_status: issue.deliveryStatus,
      delivery_to: issue.deliveryTo,
      line_ids: issue.lineNets.map((line) => line.id),
      line_nets: issue.lineNets.map((line) => line.net),
      event_id: issue.event.id,
      event_type: issue.event.type,
      envelope: issue.event.envelope,
    }));
    const rows = await preparedQuery<{
      ord: number;
      locked: boolean;
      series: string | null;
      number: string | null;
      full_number: string | null;
      documents: number;
      events: number;
    }>(
      manager,
      'billing.issue-drafts',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($6::jsonb) AS i(ord int, id uuid, version text, issued_at timestamptz,
           seller jsonb, totals jsonb, vat_exemption_note text, delivery_status text, delivery_to text[],
           line_ids uuid[], line_nets numeric[], event_id uuid, event_type text, envelope jsonb)
       ), locked AS (
         -- By primary key only, so no statistics can make this a scan of the tenant's documents;
         -- the ids are of the tenant's drafts read just before. Locked in id order: no deadlocks.
         SELECT d.id, d.tenant_id, d.kind, d.status, d.xmin::text AS version FROM billing.documents d
          WHERE d.id = ANY ($7::uuid[])
          ORDER BY d.id
            FOR UPDATE
       ), draft AS (
         SELECT l.id, i.ord FROM locked l JOIN input i ON i.id = l.id
          WHERE l.tenant_id = $1 AND l.kind = $2 AND l.status = 'draft' AND l.version = i.version
       ), taken AS (
         UPDATE billing.number_series
            SET next_number = CASE WHEN yearly_reset AND number_year IS DISTINCT FROM $3::int THEN 1
                                   ELSE next_number END + (SELECT count(*) FROM draft),
                number_year = $3::int, last_issue_date = $4::date, used = true, updated_at = $5
          WHERE tenant_id = $1 AND kind = $2 AND (last_issue_date IS NULL OR last_issue_date <= $4::date)
            AND EXISTS (SELECT 1 FROM draft)
      RETURNING prefix, yearly_reset, next_number - (SELECT count(*) FROM draft) AS first
       ), numbered AS (
         SELECT r.id, r.ord, t.prefix AS series, t.first + r.k - 1 AS number,
                ${fullNumberSql('t.prefix', 't.yearly_reset', 't.first + r.k - 1')} AS full_number
           FROM (SELECT id, ord, row_number() OVER (ORDER BY ord) AS k FROM draft) r, taken t
       ), doc AS (
         UPDATE billing.documents d
            SET status = 'issued', series = n.series, number = n.number, full_number = n.full_number,
                seller = i.seller, totals = i.totals, vat_exemption_note = i.vat_exemption_note,
                delivery_status = i.delivery_status, delivery_to = i.delivery_to,
                issued_at = i.issued_at, updated_at = i.issued_at
           FROM numbered n JOIN input i ON i.ord = n.ord
          WHERE d.id = n.id
      RETURNING d.id
       ), nets AS (
         UPDATE billing.document_lines l SET net = x.net
           FROM numbered n JOIN input i ON i.ord = n.ord, unnest(i.line_ids, i.line_nets) AS x(id, net)
          WHERE l.id = x.id AND l.document_id = n.id
      RETURNING l.id
       ), evt AS (
         INSERT INTO billing.outbox (id, type, tenant_id, envelope)
         SELECT i.event_id, i.event_type, $1,
                ${numberedEnvelopeSql('i.envelope', "'document'", 'n.series', 'n.number', 'n.full_number')}
           FROM numbered n JOIN input i ON i.ord = n.ord
          ORDER BY n.number
      RETURNING id
       )
       SELECT i.ord, d.id IS NOT NULL AS locked, n.series, n.number::text AS number, n.full_number,
              (SELECT count(*)::int FROM doc) AS documents, (SELECT count(*)::int FROM evt) AS events
         FROM input i LEFT JOIN draft d ON d.ord = i.ord LEFT JOIN numbered n ON n.ord = i.ord
        ORDER BY i.ord`,
      [
        first.tenantId,
        first.kind,
        Number(first.issueDate.slice(0, 4)),
        first.issueDate,
        issues.reduce((latest, i) => (i.issuedAt > latest ? i.issuedAt : latest), first.issuedAt),
        JSON.stringify(input),
        input.map((i) => i.id),
      ],
    );
    const numbered = rows.filter((row) => row.number !== null).length;
    // Every row was read just before; not writing one of them is a bug, not a user error.
    if (rows.length && (rows[0].documents !== numbered || rows[0].events !== numbered))
      throw new Error(`issue of ${numbered} documents: a document or outbox row not written while numbering`);
    return rows.map((row): DraftIssueOutcome => {
      if (!row.locked) return { outcome: 'changed' };
      if (row.number === null) return { outcome: 'date-order' };
      return {
        outcome: 'numbered',
        series: row.series!,
        number: Number(row.number),
        fullNumber: row.full_number!,
      };
    });
  }
}
