import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per stored rendering of an issued document: it is rendered once, then served as stored. */
export class RenderedFiles1700000001000 implements MigrationInterface {
  name = 'RenderedFiles1700000001000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "documents".rendered_files (
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invoice', 'proforma', 'offer', 'receipt')),
      format text NOT NULL CHECK (format IN ('pdf')),
      file_name text NOT NULL,
      sha256 char(64) NOT NULL,
      bytes integer NOT NULL CHECK (bytes > 0),
      storage_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, document_id, format)
    )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "documents".rendered_files');
  }
}
