import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { StagedRow } from './import-row';

/** A problem found across rows, before it is named with the file's column header. */
export interface CrossRowProblem {
  row: number;
  field: 'name' | 'code';
  message: string;
}

/**
 * The parsed rows of one job, and the set-based work on them: duplicates inside the file,
 * matches in the tenant's catalogue (by code, else by name, ignoring case), and the write itself
 * as two statements (one UPDATE, one INSERT … SELECT) instead of one per row.
 */
@Injectable()
export class ImportRowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One multi-row insert per batch: one array parameter per column, any batch size. */
  async stage(jobId: string, rows: StagedRow[]): Promise<void> {
    if (!rows.length) return;
    const column = <K extends keyof StagedRow>(key: K) => rows.map((row) => row[key]);
    await this.dataSource.query(
      `INSERT INTO billing.import_rows (job_id, row_no, name, code, type, unit, product_group, currency, unit_price, vat_rate)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::numeric[], $10::numeric[])`,
      [
        jobId,
        column('rowNo'),
        column('name'),
        column('code'),
        column('type'),
        column('unit'),
        column('group'),
        column('currency'),
        column('unitPrice'),
        column('vatRate'),
      ],
    );
  }

  /** Finds the catalogue product each row updates: by code first, else by name, ignoring case. */
  async resolveTargets(manager: EntityManager, jobId: string, tenantId: string): Promise<void> {
    await manager.query(
      `UPDATE billing.import_rows r SET target_id = p.id FROM billing.products p
       WHERE r.job_id = $1 AND r.code IS NOT NULL AND p.tenant_id = $2 AND lower(p.code) = lower(r.code)`,
      [jobId, tenantId],
    );
    await manager.query(
      `UPDATE billing.import_rows r SET target_id = p.id FROM billing.products p
       WHERE r.job_id = $1 AND r.target_id IS NULL AND r.name IS NOT NULL AND p.tenant_id = $2
         AND lower(p.name) = lower(r.name)`,
      [jobId, tenantId],
    );
  }

  /** Every problem that needs more than one row (or the catalogue) to see, in row order. */
  async crossRowProblems(
    manager: EntityManager,
    jobId: string,
    tenantId: string,
  ): Promise<CrossRowProblem[]> {
    const duplicates = await manager.query<
      Array<{ row_no: number; field: 'name' | 'code'; value: string; first: number }>
    >(
      `SELECT row_no, field, value, first FROM (
         SELECT row_no, 'name' AS field, name AS value, min(row_no) OVER (PARTITION BY lower(name)) AS first
         FROM billing.import_rows WHERE job_id = $1 AND name IS NOT NULL
         UNION ALL
         SELECT row_no, 'code', code, min(row_no) OVER (PARTITION BY lower(code))
         FROM billing.import_rows WHERE job_id = $1 AND code IS NOT NULL
       ) d WHERE row_no <> first`,
      [jobId],
    );
    // Renaming a product (found by its code) onto the name of another catalogue product.
    const nameTaken = await manager.query<
      Array<{ row_no: number; name: string; owner: string; owner_code: string | null }>
    >(
      `SELECT r.row_no, r.name, p.name AS owner, p.code AS owner_code
       FROM billing.import_rows r JOIN billing.products p
         ON p.tenant_id = $2 AND lower(p.name) = lower(r.name) AND p.id <> r.target_id
       WHERE r.job_id = $1 AND r.target_id IS NOT NULL`,
      [jobId, tenantId],
    );
    // Two rows reaching the same product by different ways (one by code, one by name).
    const sameTarget = await manager.query<Array<{ row_no: number; first: number; product: string }>>(
      `SELECT t.row_no, t.first, p.name AS product FROM (
         SELECT row_no, target_id, name, code, min(row_no) OVER (PARTITION BY target_id) AS first
         FROM billing.import_rows WHERE job_id = $1 AND target_id IS NOT NULL
       ) t JOIN billing.products p ON p.id = t.target_id AND p.tenant_id = $2
       WHERE t.row_no <> t.first
         AND NOT EXISTS (SELECT 1 FROM billing.import_rows f WHERE f.job_id = $1 AND f.row_no = t.first
           AND (lower(f.name) = lower(t.name) OR lower(f.code) = lower(t.code)))`,
      [jobId, tenantId],
    );
    const problems: CrossRowProblem[] = [
      ...duplicates.map((d) => ({
        row: d.row_no,
        field: d.field,
        message:
          d.field === 'name'
            ? `the name "${d.value}" is already in row ${d.first} of the file (names ignore case)`
            : `the code "${d.value}" is already in row ${d.first} of the file (codes ignore case)`,
      })),
      ...nameTaken.map((n) => ({
        row: n.row_no,
        field: 'name' as const,
        message: `the name "${n.name}" belongs to another product in the catalogue ("${n.owner}"${
          n.owner_code ? `, code ${n.owner_code}` : ''
        })`,
      })),
      ...sameTarget.map((s) => ({
        row: s.row_no,
        field: 'name' as const,
        message: `this row and row ${s.first} both match the catalogue product "${s.product}" (one by code, one by name); a product can be updated once per file`,
      })),
    ];
    return problems.sort((a, b) => a.row - b.row);
  }

  /** How many rows would create a product, and how many update one. */
  async plan(manager: EntityManager, jobId: string): Promise<{ created: number; updated: number }> {
    const rows = await manager.query<Array<{ created: number; updated: number }>>(
      `SELECT count(*) FILTER (WHERE target_id IS NULL)::int AS created,
              count(*) FILTER (WHERE target_id IS NOT NULL)::int AS updated
       FROM billing.import_rows WHERE job_id = $1`,
      [jobId],
    );
    return rows[0];
  }

  /**
   * Writes every row into the catalogue, in the caller's transaction. A price or code left empty
   * keeps the product's own; an imported product is active (the file says it is on offer).
   */
  async apply(
    manager: EntityManager,
    jobId: string,
    tenantId: string,
    now: Date,
  ): Promise<{ created: number; updated: number }> {
    const [, updated] = await manager.query<[unknown[], number]>(
      `UPDATE billing.products p SET name = r.name, code = COALESCE(r.code, p.code), type = r.type, unit = r.unit,
         product_group = r.product_group, currency = r.currency, unit_price = COALESCE(r.unit_price, p.unit_price),
         vat_rate = r.vat_rate, active = true, updated_at = $3
       FROM billing.import_rows r
       WHERE r.job_id = $1 AND r.target_id = p.id AND p.tenant_id = $2`,
      [jobId, tenantId, now],
    );
    const inserted = await manager.query<Array<{ count: number }>>(
      `WITH inserted AS (
         INSERT INTO billing.products (id, tenant_id, name, code, type, unit, product_group, currency, unit_price,
           vat_rate, active, created_at, updated_at)
         SELECT gen_random_uuid(), $2, r.name, r.code, r.type, r.unit, r.product_group, r.currency, r.unit_price,
           r.vat_rate, true, $3, $3
         FROM billing.import_rows r WHERE r.job_id = $1 AND r.target_id IS NULL ORDER BY r.row_no
         RETURNING 1)
       SELECT count(*)::int AS count FROM inserted`,
      [jobId, tenantId, now],
    );
    return { created: inserted[0].count, updated };
  }

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
