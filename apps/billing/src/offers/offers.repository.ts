import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type OfferOutcome = 'accepted' | 'rejected' | 'expired';

/** The writes only offers make. Each names the status it leaves, so none happens twice. */
@Injectable()
export class OffersRepository {
  /** Call with the offer's row locked. */
  async close(manager: EntityManager, id: string, to: OfferOutcome, now: Date): Promise<void> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE billing.documents SET status = $2, updated_at = $3
        WHERE id = $1 AND kind = 'offer' AND status = 'issued'`,
      [id, to, now],
    );
    if (affected !== 1) throw new Error(`offer ${id} was not issued while ${to} under its lock`);
  }

  /**
   * Locks up to `limit` issued offers, of any tenant, whose validity ended before today in their
   * tenant's time zone; rows another instance is expiring right now are skipped, not waited for.
   */
  async lockDue(
    manager: EntityManager,
    now: Date,
    limit: number,
  ): Promise<Array<{ id: string; tenantId: string }>> {
    const rows = await manager.query<Array<{ id: string; tenant_id: string }>>(
      `SELECT d.id, d.tenant_id FROM billing.documents d
         JOIN billing.settings s ON s.tenant_id = d.tenant_id
        WHERE d.kind = 'offer' AND d.status = 'issued'
          AND d.valid_until < ($1::timestamptz AT TIME ZONE s.time_zone)::date
        ORDER BY d.valid_until LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id }));
  }

  /** The draft made from an offer, and the offer pointing at it (`invoiceId` or `proformaId`). */
  async linkConversion(
    manager: EntityManager,
    offerId: string,
    draftId: string,
    to: 'invoice' | 'proforma',
    now: Date,
  ): Promise<void> {
    await manager.query('UPDATE billing.documents SET offer_id = $2 WHERE id = $1', [draftId, offerId]);
    await manager.query(
      `UPDATE billing.documents SET ${to === 'invoice' ? 'invoice_id' : 'proforma_id'} = $2, updated_at = $3
        WHERE id = $1`,
      [offerId, draftId, now],
    );
  }
}
