import { Client } from 'pg';
import { ensureDatabase } from '@app/platform/database/ensure-database';
import { messagingTablesSql } from '@app/platform/database/messaging-tables';

export const CEILING_SCHEMA = 'bench_ceiling';

/**
 * The ceiling's own tables in the bench database: a contacts table with the same columns, keys
 * and indexes as crm's (apps/crm/src/migrations), and the same outbox as every service. Created
 * once and kept, so the ceiling's table grows across runs like the product's does.
 */
export async function ensureCeilingSchema(databaseUrl: string): Promise<string[]> {
  const notes: string[] = [];
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${CEILING_SCHEMA}`]);
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [CEILING_SCHEMA]);
    if (found.rowCount === 0) {
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA "${CEILING_SCHEMA}"`);
      for (const sql of messagingTablesSql(CEILING_SCHEMA)) await client.query(sql);
      await client.query(`
        CREATE TABLE "${CEILING_SCHEMA}".contacts (
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
      await client.query(
        `CREATE INDEX contacts_page ON "${CEILING_SCHEMA}".contacts (tenant_id, created_at, id)`,
      );
      await client.query('COMMIT');
    }
    // The same trigram search index as crm's, when pg_trgm can be had.
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await client.query(
        `CREATE INDEX IF NOT EXISTS contacts_search ON "${CEILING_SCHEMA}".contacts USING gin ((name || chr(31) || coalesce(email, '') || chr(31) || coalesce(vat_id, '') || chr(31) || coalesce(registration_number, '')) gin_trgm_ops)`,
      );
    } catch (error) {
      notes.push(`ceiling without the trigram index: ${(error as Error).message}`);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${CEILING_SCHEMA}`])
      .catch(() => undefined);
    await client.end();
  }
  return notes;
}
