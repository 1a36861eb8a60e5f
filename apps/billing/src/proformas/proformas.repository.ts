import { Injectable } from '@nestjs/common';
import type { PaymentMethod, TotalsView } from '@app/contracts';
import type { EntityManager } from 'typeorm';

/**
 * The writes only proformas make: paid (with the payment and the invoice it became) and voided.
 * Call each with the proforma's row locked; every statement names the status it leaves, so a
 * transition can never happen twice even if that lock were skipped.
 */
@Injectable()
export class ProformasRepository {
  async markPaid(
    manager: EntityManager,
    id: string,
    totals: TotalsView,
    invoiceId: string | null,
    now: Date,
  ): Promise<void> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE billing.documents SET status = 'paid', totals = $2, invoice_id = $3, updated_at = $4
        WHERE id = $1 AND kind = 'proforma' AND status = 'issued'`,
      [id, JSON.stringify(totals), invoiceId, now],
    );
    if (affected !== 1) throw new Error(`proforma ${id} was not issued while marked paid under its lock`);
  }

  async markVoided(manager: EntityManager, id: string, now: Date): Promise<void> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE billing.documents SET status = 'voided', updated_at = $2
        WHERE id = $1 AND kind = 'proforma' AND status = 'issued'`,
      [id, now],
    );
    if (affected !== 1) throw new Error(`proforma ${id} was not issued while voided under its lock`);
  }

  /** A payment row, on the final invoice (or on the proforma when no invoice is generated). */
  async insertPayment(
    manager: EntityManager,
    payment: {
      id: string;
      tenantId: string;
      documentId: string;
      amount: string;
      date: string;
      method: PaymentMethod;
      createdAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO billing.payments (id, tenant_id, invoice_id, amount, date, method, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        payment.id,
        payment.tenantId,
        payment.documentId,
        payment.amount,
        payment.date,
        payment.method,
        payment.createdAt,
      ],
    );
  }
}
