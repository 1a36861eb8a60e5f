import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email: per-tenant templates (a missing row means the built-in default of that kind and language)
 * and deliveries, one per send request, keyed by the request so a repeated request sends nothing.
 */
export class Email1700000002000 implements MigrationInterface {
  name = 'Email1700000002000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "documents".email_templates (
      tenant_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('invoice', 'proforma', 'offer', 'receipt')),
      language text NOT NULL CHECK (language IN ('ro', 'en')),
      subject text NOT NULL,
      body text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, kind, language)
    )`);
    await runner.query(`CREATE TABLE "documents".deliveries (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      kind text NOT NULL,
      request_id uuid NOT NULL UNIQUE,
      recipients text[] NOT NULL,
      sender_name text,
      reply_to text,
      subject text NOT NULL,
      body text NOT NULL,
      attachment_name text NOT NULL,
      storage_key text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      message_id text NOT NULL,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX deliveries_due ON "documents".deliveries (next_attempt_at) WHERE status = 'queued'`,
    );
    await runner.query(`CREATE INDEX deliveries_document ON "documents".deliveries (tenant_id, document_id)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "documents".deliveries');
    await runner.query('DROP TABLE "documents".email_templates');
  }
}
