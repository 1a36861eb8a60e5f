import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1700000002000 implements MigrationInterface {
  name = 'IdempotencyKeys1700000002000';
  async up(runner: QueryRunner): Promise<void> {
    // scope = the tenant id, or 'public' for sign-up and login (no tenant yet). The primary key is
    // what stops two concurrent requests with one key from both running.
    await runner.query(`CREATE TABLE "gateway".idempotency_keys (
       scope text NOT NULL,
       key text NOT NULL,
       tenant_id uuid,
       method text NOT NULL,
       path text NOT NULL,
       request_hash text NOT NULL,
       state text NOT NULL CHECK (state IN ('in_progress', 'done')),
       status int,
       response_body json,
       response_headers json,
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (scope, key)
     )`);
    await runner.query(`CREATE INDEX idempotency_keys_created ON "gateway".idempotency_keys (created_at)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "gateway".idempotency_keys');
  }
}
