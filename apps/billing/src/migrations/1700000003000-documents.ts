import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1700000003000 implements MigrationInterface {
  name = 'Documents1700000003000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE billing.documents (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invoice', 'proforma', 'offer')),
      status text NOT NULL CHECK (status IN
        ('draft', 'issued', 'paid', 'reversed', 'voided', 'accepted', 'rejected', 'expired', 'trashed')),
      name text NOT NULL,
      series text,
      number bigint CHECK (number >= 1),
      full_number text,
      contact_id uuid NOT NULL,
      deal_id uuid,
      buyer jsonb NOT NULL,
      buyer_as_of timestamptz,
      seller jsonb,
      issue_date date NOT NULL,
      due_date date,
      valid_until date,
      payment_method text NOT NULL CHECK (payment_method IN ('bank_transfer', 'card', 'cash', 'other')),
      currency text NOT NULL,
      notes text,
      vat_exemption_note text,
      totals jsonb,
      reversal_of uuid,
      reversed_by uuid,
      proforma_id uuid,
      invoice_id uuid,
      recurrence_id uuid,
      delivery_status text NOT NULL DEFAULT 'not_sent'
        CHECK (delivery_status IN ('not_sent', 'queued', 'sent', 'failed')),
      delivery_to text[],
      sent_at timestamptz,
      delivery_error text,
      viewed_at timestamptz,
      issued_at timestamptz,
      trashed_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      -- A document has a number exactly when it left the draft state: no issued document without
      -- one, no draft holding one.
      CONSTRAINT documents_number_iff_issued CHECK (
        (status IN ('draft', 'trashed')) = (number IS NULL)
        AND (number IS NULL) = (full_number IS NULL)
        AND (number IS NULL) = (issued_at IS NULL))
    )`);
    // The last line of defence against a repeated number: a second one fails its transaction.
    await runner.query(
      `CREATE UNIQUE INDEX documents_full_number_key ON billing.documents (tenant_id, kind, full_number)
         WHERE full_number IS NOT NULL`,
    );
    // Lists: newest first per kind, and a contact's documents.
    await runner.query(
      'CREATE INDEX documents_list ON billing.documents (tenant_id, kind, created_at DESC, id DESC)',
    );
    await runner.query('CREATE INDEX documents_contact ON billing.documents (tenant_id, contact_id)');
    await runner.query(`CREATE TABLE billing.document_lines (
      id uuid PRIMARY KEY,
      document_id uuid NOT NULL REFERENCES billing.documents (id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL,
      position integer NOT NULL,
      product_id uuid,
      name text,
      unit text,
      quantity numeric(19, 4) NOT NULL,
      unit_price numeric(19, 4) NOT NULL CHECK (unit_price >= 0),
      vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate BETWEEN 0 AND 100),
      vat_category text NOT NULL,
      net numeric(21, 2)
    )`);
    await runner.query(
      'CREATE INDEX document_lines_document ON billing.document_lines (document_id, position)',
    );
    // Numbering keeps, on the series row it locks anyway, the issue date of the last number it
    // gave (numbers follow issue dates) and that number's year (a yearly series starts again at 1
    // when the year changes; issue dates never go back, so neither does the year).
    await runner.query(
      'ALTER TABLE billing.number_series ADD COLUMN last_issue_date date, ADD COLUMN number_year integer',
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE billing.number_series DROP COLUMN last_issue_date, DROP COLUMN number_year',
    );
    await runner.query('DROP TABLE billing.document_lines');
    await runner.query('DROP TABLE billing.documents');
  }
}
