import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '@app/contracts';
import type { ReversedInvoiceRef } from '../ubl/ubl-invoice.builder';

export interface UblInvoiceRecord {
  tenantId: string;
  documentId: string;
  fullNumber: string;
  issueDate: string;
  /** What the builder refused, or null when the XML is stored. */
  problems: FieldProblem[] | null;
}

/**
 * Every invoice and storno this service saw issued: its number and issue date (what a later storno
 * refers to, without asking billing) and the builder's problems when its XML could not be made.
 */
@Injectable()
export class UblInvoicesRepository {
  async record(manager: EntityManager, record: UblInvoiceRecord, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "documents".ubl_invoices (tenant_id, document_id, full_number, issue_date, ubl_problems,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (tenant_id, document_id) DO UPDATE SET ubl_problems = EXCLUDED.ubl_problems, updated_at = $6`,
      [
        record.tenantId,
        record.documentId,
        record.fullNumber,
        record.issueDate,
        record.problems ? JSON.stringify(record.problems) : null,
        now,
      ],
    );
  }

  async find(manager: EntityManager, tenantId: string, documentId: string): Promise<UblInvoiceRecord | null> {
    const rows = await manager.query<UblInvoiceRecord[]>(
      `SELECT tenant_id AS "tenantId", document_id AS "documentId", full_number AS "fullNumber",
         issue_date::text AS "issueDate", ubl_problems AS problems
       FROM "documents".ubl_invoices WHERE tenant_id = $1 AND document_id = $2`,
      [tenantId, documentId],
    );
    return rows[0] ?? null;
  }

  async reference(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
  ): Promise<ReversedInvoiceRef | null> {
    const found = await this.find(manager, tenantId, documentId);
    return found ? { fullNumber: found.fullNumber, issueDate: found.issueDate } : null;
  }
}
