import { Injectable } from '@nestjs/common';
import type { DocumentKind, SellerView, TotalsView } from '@app/contracts';
import { assertCallerStillWaiting, preparedQuery, requestContext } from '@app/platform';
import type { EntityManager } from 'typeorm';

/**
 * The next number of a series ($1 tenant, $2 kind, $3 year of the issue date, $4 issue date, $5
 * time of issue), as a CTE body: it locks the series row until COMMIT. Nothing is taken when the
 * issue date is before the series' last one, or when `gate` (an extra `AND …`) does not hold.
 */
const TAKE_NEXT_NUMBER = (gate: string) => `
         UPDATE billing.number_series
            SET next_number = CASE WHEN yearly_reset AND number_year IS DISTINCT FROM $3::int THEN 2
                                   ELSE next_number + 1 END,
                number_year = $3::int, last_issue_date = $4::date, used = true, updated_at = $5
          WHERE tenant_id = $1 AND kind = $2 AND (last_issue_date IS NULL OR last_issue_date <= $4::date) ${gate}
      RETURNING prefix AS series, next_number - 1 AS number,
                prefix || '-' || CASE WHEN yearly_reset THEN $3::int::text || '-' ELSE '' END
                  || lpad((next_number - 1)::text, greatest(4, length((next_number - 1)::text)), '0')
                  AS full_number`;

/**
 * The document stamped with the number `taken` gave ($6 document, $7 seller, $8 totals, $9 VAT
 * exemption note, $10 delivery status, $11 recipients, $14 status), as a CTE body.
 */
const STAMP_DOCUMENT = `
         UPDATE billing.documents d
            SET status = $14, series = t.series, number = t.number, full_number = t.full_number,
                seller = $7, totals = $8, vat_exemption_note = $9, delivery_status = $10, delivery_to = $11,
                issued_at = $5, updated_at = $5
           FROM taken t
          WHERE d.id = $6 AND d.tenant_id = $1
      RETURNING d.id`;

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

/** An issue that took no lock beforehand: what the one statement checks and writes besides the stamp. */
export interface DraftIssue extends Omit<IssueStamp, 'outboxEvents' | 'status'> {
  /** The document's row version (`xmin`) when it was read: any change since then refuses the issue. */
  version: string;
  /** The line nets, stored with the number. */
  lineNets: Array<{ id: string; net: string }>;
  /** The issued event, written by the same statement with the number filled in under `data.document`. */
  event: { id: string; type: string; envelope: object };
  /** The outbox table the event goes to. */
  outboxTable: string;
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
      `WITH taken AS (${TAKE_NEXT_NUMBER('')}
       ), doc AS (${STAMP_DOCUMENT}
       ), evt AS (
         UPDATE billing.outbox o
            SET envelope = jsonb_set(jsonb_set(jsonb_set(o.envelope,
                  ARRAY['data', e.key, 'series'], to_jsonb(t.series)),
                  ARRAY['data', e.key, 'number'], to_jsonb(t.number)),
                  ARRAY['data', e.key, 'fullNumber'], to_jsonb(t.full_number))
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
   * The whole write of an issue in ONE statement, so outside a transaction it is its own (two
   * round trips per issue: the read, then this). The document was read without a lock; this
   * statement locks it first and goes on only if it is still that row version and a draft (every
   * change to a draft or its lines rewrites the document row), then takes the number, stamps the
   * document, stores the line nets and writes the event with its number. Nothing is written when
   * any step finds nothing: the series row is locked from its update until this statement commits.
   */
  async issueDraft(manager: EntityManager, issue: DraftIssue): Promise<DraftIssueOutcome> {
    assertCallerStillWaiting(requestContext.timeLeft());
    const year = Number(issue.issueDate.slice(0, 4));
    const rows = await preparedQuery<{
      drafts: number;
      series: string | null;
      number: string | null;
      full_number: string | null;
      documents: number;
      events: number;
    }>(
      manager,
      'billing.issue-draft',
      `WITH draft AS (
         SELECT d.id FROM billing.documents d
          WHERE d.id = $6 AND d.tenant_id = $1 AND d.status = 'draft' AND d.xmin::text = $12
            FOR UPDATE
       ), taken AS (${TAKE_NEXT_NUMBER('AND EXISTS (SELECT 1 FROM draft)')}
       ), doc AS (${STAMP_DOCUMENT}
       ), nets AS (
         UPDATE billing.document_lines l SET net = n.net
           FROM taken t, unnest($13::uuid[], $15::numeric[]) AS n(id, net)
          WHERE l.id = n.id AND l.document_id = $6
      RETURNING l.id
       ), evt AS (
         INSERT INTO ${issue.outboxTable} (id, type, tenant_id, envelope)
         SELECT $16, $17, $1, jsonb_set(jsonb_set(jsonb_set($18::jsonb,
                  '{data,document,series}', to_jsonb(t.series)),
                  '{data,document,number}', to_jsonb(t.number)),
                  '{data,document,fullNumber}', to_jsonb(t.full_number))
           FROM taken t
      RETURNING id
       )
       SELECT (SELECT count(*)::int FROM draft) AS drafts, t.series, t.number::text AS number, t.full_number,
              (SELECT count(*)::int FROM doc) AS documents, (SELECT count(*)::int FROM evt) AS events
         FROM (VALUES (1)) AS one LEFT JOIN taken t ON true`,
      [
        issue.tenantId,
        issue.kind,
        year,
        issue.issueDate,
        issue.issuedAt,
        issue.documentId,
        JSON.stringify(issue.seller),
        JSON.stringify(issue.totals),
        issue.vatExemptionNote,
        issue.deliveryStatus,
        issue.deliveryTo,
        issue.version,
        issue.lineNets.map((line) => line.id),
        'issued',
        issue.lineNets.map((line) => line.net),
        issue.event.id,
        issue.event.type,
        JSON.stringify(issue.event.envelope),
      ],
    );
    const row = rows[0];
    if (row.drafts === 0) return { outcome: 'changed' };
    if (row.number === null) return { outcome: 'date-order' };
    if (row.documents !== 1 || row.events !== 1)
      throw new Error(`issue of ${issue.documentId}: document or outbox row not written while numbering`);
    return {
      outcome: 'numbered',
      series: row.series!,
      number: Number(row.number),
      fullNumber: row.full_number!,
    };
  }
}
