import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { ensureDatabase } from '@app/platform/database/ensure-database';

export const IMPORT_CEILING_SCHEMA = 'bench_import';
/** Rows per multi-row insert: billing stages its rows in batches of the same size. */
const BATCH_ROWS = 2000;

/** A products table with billing's columns and its two unique indexes (name and code, ignoring case). */
export async function ensureImportCeilingSchema(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${IMPORT_CEILING_SCHEMA}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${IMPORT_CEILING_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${IMPORT_CEILING_SCHEMA}.products (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      name text NOT NULL,
      code text,
      type text NOT NULL CHECK (type IN ('product', 'service')),
      unit text NOT NULL,
      product_group text,
      currency text NOT NULL,
      unit_price numeric(19, 4) CHECK (unit_price >= 0),
      vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate BETWEEN 0 AND 100),
      active boolean NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS products_tenant_name_key
      ON ${IMPORT_CEILING_SCHEMA}.products (tenant_id, lower(name))`);
    await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS products_tenant_code_key
      ON ${IMPORT_CEILING_SCHEMA}.products (tenant_id, lower(code)) WHERE code IS NOT NULL`);
  } finally {
    await client.end();
  }
}

/**
 * The ceiling of `import`: the file streamed through csv-parse and written with one multi-row
 * insert per BATCH_ROWS rows, in one transaction (a failed import writes nothing), into a fresh
 * tenant. Returns the rows written.
 */
export async function runImportCeiling(databaseUrl: string, file: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const tenantId = randomUUID();
  let written = 0;
  let batch: string[][] = [];
  const flush = async () => {
    if (!batch.length) return;
    const column = (i: number) => batch.map((row) => row[i] || null);
    await client.query(
      `INSERT INTO ${IMPORT_CEILING_SCHEMA}.products (id, tenant_id, name, code, type, unit, product_group, currency,
         unit_price, vat_rate, active, created_at, updated_at)
       SELECT gen_random_uuid(), $1, * , true, now(), now() FROM unnest($2::text[], $3::text[], $4::text[], $5::text[],
         $6::text[], $7::text[], $8::numeric[], $9::numeric[])`,
      [tenantId, column(0), column(1), column(2), column(3), column(4), column(5), column(7), column(6)],
    );
    written += batch.length;
    batch = [];
  };
  try {
    await client.query('BEGIN');
    const parser = createReadStream(file).pipe(parse({ bom: true, from_line: 2, relax_column_count: true }));
    for await (const record of parser as AsyncIterable<string[]>) {
      batch.push(record);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    await client.query('COMMIT');
    return written;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
