import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Settings1700000001000 implements MigrationInterface {
  name = 'Settings1700000001000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE billing.settings (
      tenant_id uuid PRIMARY KEY,
      legal_name text,
      vat_id text,
      registration_number text,
      street text,
      city text,
      region text,
      postal_code text,
      country text,
      bank_name text,
      iban text,
      email text,
      phone text,
      time_zone text NOT NULL,
      vat_registered boolean NOT NULL,
      vat_exemption_note text NOT NULL,
      vat_rates text[] NOT NULL,
      units text[] NOT NULL,
      currencies text[] NOT NULL,
      default_currency text NOT NULL,
      default_payment_term_days integer NOT NULL CHECK (default_payment_term_days BETWEEN 0 AND 365),
      default_payment_method text NOT NULL
        CHECK (default_payment_method IN ('bank_transfer', 'card', 'cash', 'other')),
      email_sender_name text,
      language text NOT NULL,
      draft_on_deal_won boolean NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    // Issuing locks one of these rows to take the next number; the counter never goes backwards.
    await runner.query(`CREATE TABLE billing.number_series (
      tenant_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invoice', 'proforma', 'offer', 'receipt')),
      prefix text NOT NULL,
      yearly_reset boolean NOT NULL,
      next_number bigint NOT NULL CHECK (next_number >= 1),
      used boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, kind)
    )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE billing.number_series');
    await runner.query('DROP TABLE billing.settings');
  }
}
