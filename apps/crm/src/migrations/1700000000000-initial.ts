import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesSql } from '@app/platform';

/**
 * crm's first schema: outbox and inbox, contacts and deals. Every row carries its tenant and every
 * key and index starts with tenant_id, because every query is tenant-scoped. Lists page on
 * (created_at, id), so each list has an index in exactly that order.
 */
export class Initial1700000000000 implements MigrationInterface {
  name = 'Initial1700000000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql('crm')) await runner.query(sql);

    // Text columns are unbounded here on purpose: lengths are checked (and reported per field) by
    // the contract classes, so the database never rejects input the validation accepted.
    await runner.query(`
      CREATE TABLE "crm".contacts (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('person', 'company')),
        name text NOT NULL,
        email text,
        phone text,
        address_street text,
        address_city text,
        address_region text,
        address_postal_code text,
        address_country text,
        vat_id text,
        registration_number text,
        notes text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await runner.query(`CREATE INDEX contacts_page ON "crm".contacts (tenant_id, created_at, id)`);

    // Substring search (ILIKE '%term%') over name, email, VAT id and registration number uses one
    // trigram index on the fields joined by a unit separator (so a term never matches across two
    // fields). The repository must search exactly this expression for the index to be used.
    // pg_trgm is a trusted extension; two services creating it at once is tolerated, and its
    // operator class is looked up wherever the extension was installed.
    await runner.query(`
      DO $$
      DECLARE trgm_schema name;
      BEGIN
        BEGIN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
        END;
        SELECT n.nspname INTO trgm_schema FROM pg_extension e
          JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
        EXECUTE format(
          'CREATE INDEX contacts_search ON "crm".contacts USING gin ((%s) %I.gin_trgm_ops)',
          'name || chr(31) || coalesce(email, '''') || chr(31) || coalesce(vat_id, '''')'
            || ' || chr(31) || coalesce(registration_number, '''')',
          trgm_schema);
      END $$`);

    // The composite foreign key keeps a deal's contact inside the deal's tenant, and RESTRICT keeps
    // a contact with deals from being deleted even when the delete races a new deal.
    await runner.query(`
      CREATE TABLE "crm".deals (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        contact_id uuid NOT NULL,
        title text NOT NULL,
        value_amount numeric(15, 2) NOT NULL,
        value_currency text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('open', 'won', 'lost')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        CONSTRAINT deals_contact_fk FOREIGN KEY (tenant_id, contact_id)
          REFERENCES "crm".contacts (tenant_id, id) ON DELETE RESTRICT
      )`);
    await runner.query(`CREATE INDEX deals_page ON "crm".deals (tenant_id, created_at, id)`);
    await runner.query(
      `CREATE INDEX deals_by_contact ON "crm".deals (tenant_id, contact_id, created_at, id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "crm".deals');
    await runner.query('DROP TABLE "crm".contacts');
    await runner.query('DROP TABLE "crm".inbox');
    await runner.query('DROP TABLE "crm".outbox');
  }
}
