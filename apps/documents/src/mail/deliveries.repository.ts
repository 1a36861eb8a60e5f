import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Delivery {
  id: string;
  tenantId: string;
  documentId: string;
  kind: string;
  requestId: string;
  recipients: string[];
  /** The seller's name (the From display name) and email (Reply-To), as at issue. */
  senderName: string | null;
  replyTo: string | null;
  subject: string;
  body: string;
  attachmentName: string;
  storageKey: string;
  /** More files sent beside the PDF (the invoice's UBL XML when the tenant asked for it). */
  extraAttachments?: DeliveryAttachment[];
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  messageId: string;
  sentAt: Date | null;
}

export interface DeliveryAttachment {
  fileName: string;
  storageKey: string;
  contentType: string;
}

export type NewDelivery = Omit<Delivery, 'attempts' | 'sentAt'>;

const COLUMNS = `id, tenant_id AS "tenantId", document_id AS "documentId", kind, request_id AS "requestId",
  recipients, sender_name AS "senderName", reply_to AS "replyTo", subject, body, attachment_name AS "attachmentName", storage_key AS "storageKey",
  extra_attachments AS "extraAttachments", status, attempts,
  last_error AS "lastError", message_id AS "messageId", sent_at AS "sentAt"`;

/** Deliveries: one row per send request (unique on the request), claimed by the delivery worker. */
@Injectable()
export class DeliveriesRepository {
  /** False when this request already has its delivery (a repeated event): nothing to do. */
  async insert(manager: EntityManager, delivery: NewDelivery, now: Date): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO "documents".deliveries (id, tenant_id, document_id, kind, request_id, recipients, sender_name,
         reply_to, subject, body, attachment_name, storage_key, status, last_error, message_id, next_attempt_at,
         created_at, updated_at, extra_attachments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $16, $17)
       ON CONFLICT (request_id) DO NOTHING RETURNING id`,
      [
        delivery.id,
        delivery.tenantId,
        delivery.documentId,
        delivery.kind,
        delivery.requestId,
        delivery.recipients,
        delivery.senderName,
        delivery.replyTo,
        delivery.subject,
        delivery.body,
        delivery.attachmentName,
        delivery.storageKey,
        delivery.status,
        delivery.lastError,
        delivery.messageId,
        now,
        JSON.stringify(delivery.extraAttachments ?? []),
      ],
    );
    return rows.length > 0;
  }

  /**
   * Takes one due delivery and locks it for the rest of the caller's transaction; another worker
   * (this instance or another) skips it instead of waiting.
   */
  async claimDue(manager: EntityManager, now: Date): Promise<Delivery | null> {
    const rows = await manager.query<Delivery[]>(
      `SELECT ${COLUMNS} FROM "documents".deliveries
       WHERE status = 'queued' AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows[0] ?? null;
  }

  async markSent(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE "documents".deliveries SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL,
         updated_at = $2 WHERE id = $1`,
      [id, now],
    );
  }

  async markRetry(
    manager: EntityManager,
    id: string,
    error: string,
    nextAttemptAt: Date,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE "documents".deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
         updated_at = $4 WHERE id = $1`,
      [id, error, nextAttemptAt, now],
    );
  }

  async markFailed(manager: EntityManager, id: string, error: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE "documents".deliveries SET status = 'failed', attempts = attempts + 1, last_error = $2,
         updated_at = $3 WHERE id = $1`,
      [id, error, now],
    );
  }

  async findByRequest(manager: EntityManager, requestId: string): Promise<Delivery | null> {
    const rows = await manager.query<Delivery[]>(
      `SELECT ${COLUMNS} FROM "documents".deliveries WHERE request_id = $1`,
      [requestId],
    );
    return rows[0] ?? null;
  }
}
