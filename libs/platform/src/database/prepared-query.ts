import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs `text` as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call. For the few statements of a hot path whose planning costs more than
 * their execution (a statement of several CTEs plans in about 0.3 ms and runs in about 0.1).
 * Runs in the manager's transaction when it has one. `name` must always go with the same `text`
 * (name a statement that differs per service, such as one on its schema, with the service in it).
 */
export async function preparedQuery<T extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>({ name, text, values })).rows;
  }
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  return (await pool.query<T>({ name, text, values })).rows;
}
