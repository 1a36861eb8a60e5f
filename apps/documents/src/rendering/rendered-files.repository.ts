import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, RenderedKind } from '@app/contracts';
import { preparedQuery } from '@app/platform';

export interface RenderedFile {
  tenantId: string;
  documentId: string;
  kind: RenderedKind;
  /** `pdf`, or `ubl` for the e-invoice XML of an invoice or storno. */
  format: 'pdf' | 'ubl';
  fileName: string;
  sha256: string;
  bytes: number;
  storageKey: string;
}

const COLUMNS = `tenant_id AS "tenantId", document_id AS "documentId", kind, format, file_name AS "fileName",
  sha256, bytes, storage_key AS "storageKey"`;

/** The record of each stored rendering: one per document and format. */
@Injectable()
export class RenderedFilesRepository {
  async find(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    format: RenderedFile['format'] = 'pdf',
  ): Promise<RenderedFile | null> {
    const rows = await manager.query<RenderedFile[]>(
      `SELECT ${COLUMNS} FROM "documents".rendered_files
       WHERE tenant_id = $1 AND document_id = $2 AND format = $3`,
      [tenantId, documentId, format],
    );
    return rows[0] ?? null;
  }

  /**
   * False when the document already has its file (rendered concurrently): the first one stays.
   * With `announce`, the same statement writes that event to the outbox when (and only when) the
   * file row is written: one round trip instead of two, and never an event for a file not recorded.
   */
  async insert(
    manager: EntityManager,
    file: RenderedFile,
    now: Date,
    announce?: EventEnvelope,
  ): Promise<boolean> {
    const rows = await preparedQuery<{ inserted: number }>(
      manager,
      'documents.rendered-files.insert',
      `WITH file AS (
         INSERT INTO "documents".rendered_files
           (tenant_id, document_id, kind, format, file_name, sha256, bytes, storage_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, document_id, format) DO NOTHING RETURNING document_id
       ), event AS (
         INSERT INTO "documents".outbox (id, type, tenant_id, envelope)
         SELECT $10::uuid, $11::text, $1, $12::jsonb FROM file WHERE $10::uuid IS NOT NULL
       )
       SELECT count(*)::int AS inserted FROM file`,
      [
        file.tenantId,
        file.documentId,
        file.kind,
        file.format,
        file.fileName,
        file.sha256,
        file.bytes,
        file.storageKey,
        now,
        announce?.id ?? null,
        announce?.type ?? null,
        announce ? JSON.stringify(announce) : null,
      ],
    );
    return rows[0].inserted > 0;
  }
}
