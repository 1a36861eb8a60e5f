import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantsUsers1700000001000 implements MigrationInterface {
  name = 'TenantsUsers1700000001000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway".tenants (
       id uuid PRIMARY KEY,
       name text NOT NULL,
       country char(2) NOT NULL,
       created_at timestamptz NOT NULL
     )`);
    await runner.query(`CREATE TABLE "gateway".users (
       id uuid PRIMARY KEY,
       tenant_id uuid NOT NULL REFERENCES "gateway".tenants (id),
       email text NOT NULL,
       password_hash text NOT NULL,
       role text NOT NULL CHECK (role IN ('admin', 'member')),
       created_at timestamptz NOT NULL
     )`);
    // One account per email address across all tenants, whatever its letter case: login takes
    // only an email, so it must name exactly one user.
    await runner.query(`CREATE UNIQUE INDEX users_email_unique ON "gateway".users (lower(email))`);
    await runner.query(`CREATE INDEX users_tenant_page ON "gateway".users (tenant_id, created_at, id)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "gateway".users');
    await runner.query('DROP TABLE "gateway".tenants');
  }
}
