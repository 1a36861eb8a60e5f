import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ensureDatabase } from '@app/platform/database/ensure-database';
import { runBatch, type LoadResult } from '../lib/load';

export const ISSUE_CEILING_SCHEMA = 'bench_issue';

/**
 * The ceiling of `issue`: a gap-free counter with no framework. One transaction per issue:
 * `UPDATE series SET next_number = next_number + 1 … RETURNING` (the row lock every concurrent
 * issue of the series queues on, held until the commit's flush) and the insert of the numbered
 * document, with a unique index on its number as the product has.
 */
export async function ensureIssueCeilingSchema(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${ISSUE_CEILING_SCHEMA}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ISSUE_CEILING_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${ISSUE_CEILING_SCHEMA}.series (
      tenant_id uuid NOT NULL,
      kind text NOT NULL,
      prefix text NOT NULL,
      next_number bigint NOT NULL CHECK (next_number >= 1),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, kind))`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${ISSUE_CEILING_SCHEMA}.documents (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      kind text NOT NULL,
      number bigint NOT NULL,
      full_number text NOT NULL,
      totals jsonb NOT NULL,
      issued_at timestamptz NOT NULL)`);
    await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS documents_full_number_key
      ON ${ISSUE_CEILING_SCHEMA}.documents (tenant_id, kind, full_number)`);
  } finally {
    await client.end();
  }
}

const TOTALS = JSON.stringify({ net: '110.50', vat: '23.21', gross: '133.71', paid: '0.00', due: '133.71' });

/**
 * Issues `count` documents into a fresh series with `clients` concurrent loops over a pool of
 * `poolSize` connections (billing's pool is 10); checks the numbers are 1..count.
 */
export async function runIssueCeiling(
  databaseUrl: string,
  options: { clients: number; count: number; poolSize: number },
): Promise<{ result: LoadResult; numbersOk: boolean }> {
  const pool = new Pool({ connectionString: databaseUrl, max: Math.min(options.clients, options.poolSize) });
  const tenantId = randomUUID();
  try {
    await pool.query(
      `INSERT INTO ${ISSUE_CEILING_SCHEMA}.series (tenant_id, kind, prefix, next_number, updated_at)
       VALUES ($1, 'invoice', 'INV', 1, now())`,
      [tenantId],
    );
    // Open every connection first, as billing's pool is warm when the product is measured.
    const warm = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
    for (const c of warm) c.release();
    const result = await runBatch(
      async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const taken = await client.query<{ number: string; prefix: string }>(
            `UPDATE ${ISSUE_CEILING_SCHEMA}.series SET next_number = next_number + 1, updated_at = now()
             WHERE tenant_id = $1 AND kind = 'invoice' RETURNING next_number - 1 AS number, prefix`,
            [tenantId],
          );
          const { number, prefix } = taken.rows[0];
          await client.query(
            `INSERT INTO ${ISSUE_CEILING_SCHEMA}.documents (id, tenant_id, kind, number, full_number, totals, issued_at)
             VALUES ($1, $2, 'invoice', $3, $4, $5, now())`,
            [randomUUID(), tenantId, number, `${prefix}-${number.padStart(4, '0')}`, TOTALS],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      { clients: options.clients, count: options.count },
    );
    const check = await pool.query<{ n: string; max: string | null; distinct: string }>(
      `SELECT count(*) AS n, max(number) AS max, count(DISTINCT number) AS distinct
       FROM ${ISSUE_CEILING_SCHEMA}.documents WHERE tenant_id = $1`,
      [tenantId],
    );
    const row = check.rows[0];
    const numbersOk =
      Number(row.n) === result.ok && Number(row.distinct) === result.ok && Number(row.max ?? 0) === result.ok;
    return { result, numbersOk };
  } finally {
    await pool.end();
  }
}
