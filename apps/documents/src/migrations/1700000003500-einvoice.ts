import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-invoices: the UBL XML is stored beside the PDF (format `ubl` in rendered_files); every invoice
 * and storno documents saw issued keeps its number and issue date (a storno's BillingReference)
 * and what the builder refused; per-tenant options (attach the XML to emails); submissions to the
 * national platform; and extra email attachments.
 */
export class Einvoice1700000003500 implements MigrationInterface {
  name = 'Einvoice1700000003500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "documents".rendered_files DROP CONSTRAINT rendered_files_format_check`);
    await runner.query(
      `ALTER TABLE "documents".rendered_files ADD CONSTRAINT rendered_files_format_check CHECK (format IN ('pdf', 'ubl'))`,
    );
    await runner.query(`CREATE TABLE "documents".ubl_invoices (
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      full_number text NOT NULL,
      issue_date date NOT NULL,
      ubl_problems jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, document_id)
    )`);
    await runner.query(`CREATE TABLE "documents".tenant_options (
      tenant_id uuid PRIMARY KEY,
      attach_ubl boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE "documents".einvoice_submissions (
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      full_number text NOT NULL,
      platform text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'uploaded', 'accepted', 'rejected', 'failed')),
      seller_tax_id text NOT NULL,
      xml_key text NOT NULL,
      upload_id text,
      response_id text,
      response_key text,
      errors jsonb NOT NULL DEFAULT '[]',
      deadline date NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      uploaded_at timestamptz,
      completed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, document_id)
    )`);
    await runner.query(
      `CREATE INDEX einvoice_submissions_due ON "documents".einvoice_submissions (next_attempt_at)
       WHERE status IN ('pending', 'uploaded', 'failed')`,
    );
    await runner.query(
      `ALTER TABLE "documents".deliveries ADD COLUMN extra_attachments jsonb NOT NULL DEFAULT '[]'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "documents".deliveries DROP COLUMN extra_attachments');
    await runner.query('DROP TABLE "documents".einvoice_submissions');
    await runner.query('DROP TABLE "documents".tenant_options');
    await runner.query('DROP TABLE "documents".ubl_invoices');
    await runner.query(`DELETE FROM "documents".rendered_files WHERE format = 'ubl'`);
    await runner.query(`ALTER TABLE "documents".rendered_files DROP CONSTRAINT rendered_files_format_check`);
    await runner.query(
      `ALTER TABLE "documents".rendered_files ADD CONSTRAINT rendered_files_format_check CHECK (format IN ('pdf'))`,
    );
  }
}
