import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalogue1700000002000 implements MigrationInterface {
  name = 'Catalogue1700000002000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE billing.products (
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
      updated_at timestamptz NOT NULL
    )`);
    // Names and codes are matched ignoring case (line "save to catalogue", import by code or name);
    // the name index also orders the list and serves its cursor.
    await runner.query(
      'CREATE UNIQUE INDEX products_tenant_name_key ON billing.products (tenant_id, lower(name))',
    );
    await runner.query(
      'CREATE UNIQUE INDEX products_tenant_code_key ON billing.products (tenant_id, lower(code)) WHERE code IS NOT NULL',
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE billing.products');
  }
}
