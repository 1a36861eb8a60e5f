import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Recurrence1700000007000 implements MigrationInterface {
  name = 'Recurrence1700000007000';
  async up(runner: QueryRunner): Promise<void> {
    // One recurrence per origin invoice: stopped and started again, it stays the same row.
    await runner.query(`CREATE TABLE billing.recurrences (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      origin_id uuid NOT NULL REFERENCES billing.documents (id),
      active boolean NOT NULL,
      day_of_month integer NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
      started_on date NOT NULL,
      send boolean NOT NULL,
      time_zone text NOT NULL,
      skip_holidays boolean NOT NULL DEFAULT false,
      country text,
      version integer NOT NULL CHECK (version >= 1),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await runner.query(
      'CREATE UNIQUE INDEX recurrences_origin_key ON billing.recurrences (tenant_id, origin_id)',
    );
    // Exactly one run per (recurrence, period), however often the due event comes: the primary key
    // is claimed first, in the transaction that issues the period's invoice (or records why not).
    // The claim names the invoice before it is inserted, hence the deferred foreign key.
    await runner.query(`CREATE TABLE billing.recurrence_runs (
      recurrence_id uuid NOT NULL REFERENCES billing.recurrences (id),
      period text NOT NULL CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
      tenant_id uuid NOT NULL,
      run_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('issued', 'failed')),
      invoice_id uuid REFERENCES billing.documents (id) DEFERRABLE INITIALLY DEFERRED,
      issue_date date,
      problems jsonb,
      event_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (recurrence_id, period),
      CONSTRAINT recurrence_runs_issued_has_invoice CHECK ((status = 'issued') = (invoice_id IS NOT NULL))
    )`);
    // The origin's page lists the invoices a recurrence made.
    await runner.query(
      `CREATE INDEX documents_recurrence ON billing.documents (recurrence_id, issue_date, number)
         WHERE recurrence_id IS NOT NULL`,
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX billing.documents_recurrence');
    await runner.query('DROP TABLE billing.recurrence_runs');
    await runner.query('DROP TABLE billing.recurrences');
  }
}
