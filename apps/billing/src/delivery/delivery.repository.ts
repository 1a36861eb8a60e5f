import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What documents answered about one send request. */
export interface EmailOutcome {
  status: 'sent' | 'failed';
  /** When documents recorded it (the event's `occurredAt`). */
  at: Date;
  error: string | null;
  /** The request answered; undefined from a publisher that does not carry it yet. */
  requestId: string | undefined;
}

/** The delivery columns of documents: requests recorded by "send again", outcomes from documents. */
@Injectable()
export class DeliveryRepository {
  /**
   * A new send request becomes the document's current one: `queued`, to `to` (null: the buyer).
   * Call with the document row locked.
   */
  async requestSend(
    manager: EntityManager,
    documentId: string,
    to: string[] | null,
    requestId: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing.documents SET delivery_status = 'queued', delivery_to = $2, delivery_request_id = $3,
         sent_at = NULL, delivery_error = NULL, updated_at = $4 WHERE id = $1`,
      [documentId, to, requestId, now],
    );
  }

  /**
   * Records the outcome when it answers the document's current request: the latest "send again"
   * (whose id is stored), or the issue's own request while there was none. An answer to an earlier
   * request arrives late and is ignored, so a `sent` is never overwritten by an older `failed`.
   * False when nothing changed (another tenant's id, a receipt, an earlier request).
   */
  async recordOutcome(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    outcome: EmailOutcome,
  ): Promise<boolean> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE billing.documents
          SET delivery_status = $3, sent_at = CASE WHEN $3 = 'sent' THEN $4::timestamptz END,
              delivery_error = $5, updated_at = GREATEST(updated_at, $4)
        WHERE tenant_id = $1 AND id = $2 AND status NOT IN ('draft', 'trashed')
          AND (delivery_request_id IS NULL OR delivery_request_id = $6::uuid)
          -- Without a request id there is nothing to order by: a failure never undoes a success.
          AND NOT ($6::uuid IS NULL AND $3 = 'failed' AND delivery_status = 'sent')`,
      [tenantId, documentId, outcome.status, outcome.at, outcome.error, outcome.requestId ?? null],
    );
    return affected > 0;
  }
}
