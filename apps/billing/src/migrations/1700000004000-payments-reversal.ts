import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsReversal1700000004000 implements MigrationInterface {
  name = 'PaymentsReversal1700000004000';
  async up(runner: QueryRunner): Promise<void> {
    // An invoice is reversed at most once: a second storno of the same invoice fails its transaction
    // even if the lock on the original were ever skipped.
    await runner.query(
      `CREATE UNIQUE INDEX documents_reversal_of_key ON billing.documents (reversal_of)
         WHERE reversal_of IS NOT NULL`,
    );
    await runner.query(`CREATE TABLE billing.payments (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      invoice_id uuid NOT NULL REFERENCES billing.documents (id),
      amount numeric(15, 2) NOT NULL CHECK (amount > 0),
      date date NOT NULL,
      method text NOT NULL CHECK (method IN ('bank_transfer', 'card', 'cash', 'other')),
      created_at timestamptz NOT NULL
    )`);
    await runner.query('CREATE INDEX payments_invoice ON billing.payments (invoice_id, date, created_at)');
    // One automatic draft per won deal, however often (or however many times) the deal is won. The
    // claim row is written before the draft it names (the key decides who creates it), hence the
    // deferred foreign key.
    await runner.query(`CREATE TABLE billing.deal_drafts (
      tenant_id uuid NOT NULL,
      deal_id uuid NOT NULL,
      document_id uuid NOT NULL REFERENCES billing.documents (id) DEFERRABLE INITIALLY DEFERRED,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, deal_id)
    )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE billing.deal_drafts');
    await runner.query('DROP TABLE billing.payments');
    await runner.query('DROP INDEX billing.documents_reversal_of_key');
  }
}
