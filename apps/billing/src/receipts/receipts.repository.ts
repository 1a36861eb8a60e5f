import { Injectable } from '@nestjs/common';
import type { ReceiptView } from '@app/contracts';
import { assertCallerStillWaiting, requestContext } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { fullNumberSql } from '../numbering/number-series.repository';

type Row = Record<string, unknown>;

const COLUMNS = `r.id, r.series, r.number::text AS number, r.full_number, r.invoice_id, r.invoice_number,
  r.invoice_issue_date::text AS invoice_issue_date, r.payment_id, r.amount::text AS amount, r.currency,
  r.date::text AS date, r.amount_in_words, r.seller, r.buyer, r.issued_at`;

/** A receipt before the numbering statement gives it its number. */
export type UnnumberedReceipt = Omit<ReceiptView, 'series' | 'number' | 'fullNumber'>;

export interface ReceiptListQuery {
  invoiceId?: string;
  limit: number;
  after?: { issuedAt: string; number: number; id: string };
}

/** Cash receipts and the payments they record; every query filters by tenant. */
@Injectable()
export class ReceiptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The cash payment a receipt records, linked to it (the link is checked at commit). */
  async insertPayment(
    manager: EntityManager,
    payment: {
      id: string;
      tenantId: string;
      invoiceId: string;
      amount: string;
      date: string;
      receiptId: string;
    },
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO billing.payments (id, tenant_id, invoice_id, amount, date, method, receipt_id, created_at)
       VALUES ($1, $2, $3, $4, $5, 'cash', $6, $7)`,
      [payment.id, payment.tenantId, payment.invoiceId, payment.amount, payment.date, payment.receiptId, now],
    );
  }

  /**
   * Takes the next number of the tenant's receipt series and stores the receipt with it, as the
   * LAST statement before COMMIT, exactly as issuing numbers documents (see NumberSeriesRepository):
   * the series row stays locked only for this statement and the commit, and a rollback or a crash
   * before the commit gives the number back. The number is written into the outbox row of
   * `billing.receipt.issued` in the same statement. Null when a receipt with a later date took a
   * number first (numbers follow dates).
   */
  async assignAndInsert(
    manager: EntityManager,
    tenantId: string,
    receipt: UnnumberedReceipt,
    outboxEventId: string,
  ): Promise<{ series: string; number: number; fullNumber: string } | null> {
    // Last step before COMMIT: never issue a receipt the caller has stopped waiting for.
    assertCallerStillWaiting(requestContext.timeLeft());
    const year = Number(receipt.date.slice(0, 4));
    const rows = await manager.query<
      Array<{ series: string; number: string; full_number: string; events: number }>
    >(
      `WITH taken AS (
         UPDATE billing.number_series
            SET next_number = CASE WHEN yearly_reset AND number_year IS DISTINCT FROM $2::int THEN 2
                                   ELSE next_number + 1 END,
                number_year = $2::int, last_issue_date = $3::date, used = true, updated_at = $4::timestamptz
          WHERE tenant_id = $1 AND kind = 'receipt' AND (last_issue_date IS NULL OR last_issue_date <= $3::date)
      RETURNING prefix AS series, next_number - 1 AS number,
                ${fullNumberSql('prefix', 'yearly_reset', 'next_number - 1', '$2::int')} AS full_number
       ), receipt AS (
         INSERT INTO billing.receipts (id, tenant_id, invoice_id, payment_id, series, number, full_number, amount,
                currency, date, amount_in_words, invoice_number, invoice_issue_date, seller, buyer, issued_at)
         SELECT $5::uuid, $1, $6::uuid, $7::uuid, t.series, t.number, t.full_number, $8::numeric, $9::text,
                $3::date, $10::text, $11::text, $12::date, $13::jsonb, $14::jsonb, $4::timestamptz
           FROM taken t
      RETURNING id
       ), evt AS (
         UPDATE billing.outbox o
            SET envelope = jsonb_set(jsonb_set(jsonb_set(o.envelope,
                  '{data,receipt,series}', to_jsonb(t.series)),
                  '{data,receipt,number}', to_jsonb(t.number)),
                  '{data,receipt,fullNumber}', to_jsonb(t.full_number))
           FROM taken t
          WHERE o.id = $15::uuid
      RETURNING o.id
       )
       SELECT t.series, t.number::text AS number, t.full_number,
              (SELECT count(*)::int FROM receipt) + (SELECT count(*)::int FROM evt) AS events
         FROM taken t`,
      [
        tenantId,
        year,
        receipt.date,
        new Date(receipt.issuedAt),
        receipt.id,
        receipt.invoiceId,
        receipt.paymentId,
        receipt.amount,
        receipt.currency,
        receipt.amountInWords,
        receipt.invoiceNumber,
        receipt.invoiceIssueDate,
        JSON.stringify(receipt.seller),
        JSON.stringify(receipt.buyer),
        outboxEventId,
      ],
    );
    if (!rows.length) return null;
    // The receipt and the outbox row are written here or not at all: a miss is a bug, not user error.
    if (rows[0].events !== 2) throw new Error(`receipt ${receipt.id}: receipt or outbox row not written`);
    return { series: rows[0].series, number: Number(rows[0].number), fullNumber: rows[0].full_number };
  }

  async find(tenantId: string, id: string): Promise<ReceiptView | null> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.receipts r WHERE r.tenant_id = $1 AND r.id = $2`,
      [tenantId, id],
    );
    return rows.length ? toView(rows[0]) : null;
  }

  /** One page, newest first, one row more than asked to know whether a next page exists. */
  async list(tenantId: string, query: ReceiptListQuery): Promise<ReceiptView[]> {
    const values: unknown[] = [tenantId];
    const where = ['r.tenant_id = $1'];
    if (query.invoiceId) {
      values.push(query.invoiceId);
      where.push(`r.invoice_id = $${values.length}`);
    }
    if (query.after) {
      values.push(query.after.issuedAt, query.after.number, query.after.id);
      const n = values.length;
      where.push(`(r.issued_at, r.number, r.id) < ($${n - 2}::timestamptz, $${n - 1}::bigint, $${n}::uuid)`);
    }
    values.push(query.limit + 1);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.receipts r WHERE ${where.join(' AND ')}
        ORDER BY r.issued_at DESC, r.number DESC, r.id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toView);
  }
}

function toView(row: Row): ReceiptView {
  return {
    id: row.id as string,
    series: row.series as string,
    number: Number(row.number),
    fullNumber: row.full_number as string,
    invoiceId: row.invoice_id as string,
    invoiceNumber: row.invoice_number as string,
    invoiceIssueDate: row.invoice_issue_date as string,
    paymentId: row.payment_id as string,
    amount: row.amount as string,
    currency: row.currency as string,
    date: row.date as string,
    amountInWords: row.amount_in_words as string,
    seller: row.seller as ReceiptView['seller'],
    buyer: row.buyer as ReceiptView['buyer'],
    issuedAt: new Date(row.issued_at as string).toISOString(),
  };
}
