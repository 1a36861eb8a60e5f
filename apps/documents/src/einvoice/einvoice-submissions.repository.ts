import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EinvoiceSubmission } from '../ubl/einvoice-submission';

/** A submission as stored: what `advanceSubmission` needs, plus where its XML is and for whom. */
export interface StoredSubmission extends EinvoiceSubmission {
  /** The seller's tax id as the platform wants it (ANAF: the CIF without "RO"). */
  sellerTaxId: string;
  /** Storage key of the stored UBL XML that is uploaded. */
  xmlKey: string;
}

interface Row extends Omit<StoredSubmission, 'uploadedAt' | 'completedAt'> {
  uploadedAt: Date | null;
  completedAt: Date | null;
}

const COLUMNS = `tenant_id AS "tenantId", document_id AS "documentId", full_number AS "fullNumber", platform,
  status, seller_tax_id AS "sellerTaxId", xml_key AS "xmlKey", upload_id AS "uploadId",
  response_id AS "responseId", response_key AS "responseKey", errors, deadline::text AS deadline, attempts,
  uploaded_at AS "uploadedAt", completed_at AS "completedAt"`;

const toSubmission = (row: Row): StoredSubmission => ({
  ...row,
  uploadedAt: row.uploadedAt ? row.uploadedAt.toISOString() : null,
  completedAt: row.completedAt ? row.completedAt.toISOString() : null,
});

/** One submission per invoice or storno, advanced by the submission worker. */
@Injectable()
export class EinvoiceSubmissionsRepository {
  /** False when the document already has its submission. */
  async create(manager: EntityManager, submission: StoredSubmission, now: Date): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO "documents".einvoice_submissions (tenant_id, document_id, full_number, platform, status,
         seller_tax_id, xml_key, errors, deadline, attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)
       ON CONFLICT (tenant_id, document_id) DO NOTHING RETURNING document_id`,
      [
        submission.tenantId,
        submission.documentId,
        submission.fullNumber,
        submission.platform,
        submission.status,
        submission.sellerTaxId,
        submission.xmlKey,
        JSON.stringify(submission.errors),
        submission.deadline,
        submission.attempts,
        now,
      ],
    );
    return rows.length > 0;
  }

  async find(manager: EntityManager, tenantId: string, documentId: string): Promise<StoredSubmission | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM "documents".einvoice_submissions WHERE tenant_id = $1 AND document_id = $2`,
      [tenantId, documentId],
    );
    return rows[0] ? toSubmission(rows[0]) : null;
  }

  /**
   * Takes one open submission that is due and locks it for the caller's transaction; other workers
   * (this instance or another) skip it instead of waiting, so a submission is never advanced twice
   * at once.
   */
  async claimDue(manager: EntityManager, now: Date): Promise<StoredSubmission | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM "documents".einvoice_submissions
       WHERE status IN ('pending', 'uploaded', 'failed') AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows[0] ? toSubmission(rows[0]) : null;
  }

  async save(
    manager: EntityManager,
    submission: EinvoiceSubmission,
    nextAttemptAt: Date,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE "documents".einvoice_submissions SET status = $3, upload_id = $4, response_id = $5,
         response_key = $6, errors = $7, attempts = $8, uploaded_at = $9, completed_at = $10,
         next_attempt_at = $11, updated_at = $12
       WHERE tenant_id = $1 AND document_id = $2`,
      [
        submission.tenantId,
        submission.documentId,
        submission.status,
        submission.uploadId,
        submission.responseId,
        submission.responseKey,
        JSON.stringify(submission.errors),
        submission.attempts,
        submission.uploadedAt,
        submission.completedAt,
        nextAttemptAt,
        now,
      ],
    );
  }
}
