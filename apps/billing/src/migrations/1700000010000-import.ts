import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Product import jobs, the uploaded file's bytes while they wait, and the rows being checked. */
export class Import1700000010000 implements MigrationInterface {
  name = 'Import1700000010000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE billing.import_jobs (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      user_id uuid,
      filename text NOT NULL,
      content_type text,
      format text CHECK (format IN ('csv', 'xlsx')),
      dry_run boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      phase text NOT NULL,
      bytes bigint NOT NULL DEFAULT 0,
      chunks integer NOT NULL DEFAULT 0,
      total integer,
      processed integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]',
      error_count integer NOT NULL DEFAULT 0,
      message text,
      created_at timestamptz NOT NULL,
      finished_at timestamptz,
      -- Database time, touched while an instance works on the job: a stale one means it died.
      heartbeat_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX import_jobs_running ON billing.import_jobs (heartbeat_at) WHERE status = 'running'`,
    );
    // The upload, as the gateway forwarded it, until the job has read it (no shared disk).
    await runner.query(`CREATE TABLE billing.import_chunks (
      job_id uuid NOT NULL REFERENCES billing.import_jobs (id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (job_id, seq)
    )`);
    // Parsed rows, so duplicates and catalogue matches are checked in SQL instead of in memory.
    // Unlogged: they live for one job, and a crash fails that job anyway.
    await runner.query(`CREATE UNLOGGED TABLE billing.import_rows (
      job_id uuid NOT NULL,
      row_no integer NOT NULL,
      name text,
      code text,
      type text,
      unit text,
      product_group text,
      currency text,
      unit_price numeric(19, 4),
      vat_rate numeric(5, 2),
      target_id uuid,
      PRIMARY KEY (job_id, row_no)
    )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE billing.import_rows');
    await runner.query('DROP TABLE billing.import_chunks');
    await runner.query('DROP TABLE billing.import_jobs');
  }
}
