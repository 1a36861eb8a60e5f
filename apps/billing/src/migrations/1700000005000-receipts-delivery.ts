import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cash receipts with the payment each records, and the latest send request of each document. */
export class ReceiptsDelivery1700000005000 implements MigrationInterface {
  name = 'ReceiptsDelivery1700000005000';
  async up(runner: QueryRunner): Promise<void> {
    // The send request ("send again") the document's delivery status belongs to: an answer to an
    // earlier request (a late `failed`) never overwrites the latest one's. Null: only the issue's.
    await runner.query('ALTER TABLE billing.documents ADD COLUMN delivery_request_id uuid');
    // A receipt row is written by the numbering statement, the last of its transaction, after the
    // payment it records: the payment's link to it is checked at commit.
    await runner.query(`CREATE TABLE billing.receipts (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      invoice_id uuid NOT NULL REFERENCES billing.documents (id),
      payment_id uuid NOT NULL UNIQUE REFERENCES billing.payments (id),
      series text NOT NULL,
      number bigint NOT NULL CHECK (number >= 1),
      full_number text NOT NULL,
      amount numeric(15, 2) NOT NULL CHECK (amount > 0),
      currency text NOT NULL,
      date date NOT NULL,
      amount_in_words text NOT NULL,
      invoice_number text NOT NULL,
      invoice_issue_date date NOT NULL,
      seller jsonb NOT NULL,
      buyer jsonb NOT NULL,
      issued_at timestamptz NOT NULL
    )`);
    // The last line of defence against a repeated receipt number.
    await runner.query(
      'CREATE UNIQUE INDEX receipts_full_number_key ON billing.receipts (tenant_id, full_number)',
    );
    await runner.query(
      'CREATE INDEX receipts_list ON billing.receipts (tenant_id, issued_at DESC, number DESC, id DESC)',
    );
    await runner.query('CREATE INDEX receipts_invoice ON billing.receipts (tenant_id, invoice_id)');
    await runner.query(
      `ALTER TABLE billing.payments ADD COLUMN receipt_id uuid UNIQUE
         REFERENCES billing.receipts (id) DEFERRABLE INITIALLY DEFERRED`,
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE billing.payments DROP COLUMN receipt_id');
    await runner.query('DROP TABLE billing.receipts');
    await runner.query('ALTER TABLE billing.documents DROP COLUMN delivery_request_id');
  }
}
