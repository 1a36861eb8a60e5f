import { Injectable } from '@nestjs/common';
import type { DocumentKind, SellerView, TotalsView } from '@app/contracts';
import { assertCallerStillWaiting, requestContext } from '@app/platform';
import type { EntityManager } from 'typeorm';

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
                prefix || '-' || CASE WHEN yearly_reset THEN $3::int::text || '-' ELSE '' END
                  || lpad((next_number - 1)::text, greatest(4, length((next_number - 1)::text)), '0')
                  AS full_number
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
}
