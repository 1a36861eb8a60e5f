import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ImportPhase, ImportProblem, ImportStatus } from '@app/contracts';
import { Clock } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface ImportJobRecord {
  id: string;
  tenantId: string;
  userId: string | null;
  filename: string;
  format: 'csv' | 'xlsx' | null;
  dryRun: boolean;
  status: ImportStatus;
  phase: ImportPhase;
  bytes: number;
  chunks: number;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  errors: ImportProblem[];
  errorCount: number;
  message: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportOutcome {
  status: 'succeeded' | 'failed';
  created: number;
  updated: number;
  errors: ImportProblem[];
  errorCount: number;
  message: string;
}

interface JobRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  filename: string;
  format: 'csv' | 'xlsx' | null;
  dry_run: boolean;
  status: ImportStatus;
  phase: ImportPhase;
  bytes: string;
  chunks: number;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  errors: ImportProblem[];
  error_count: number;
  message: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toRecord = (row: JobRow): ImportJobRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  userId: row.user_id,
  filename: row.filename,
  format: row.format,
  dryRun: row.dry_run,
  status: row.status,
  phase: row.phase,
  bytes: Number(row.bytes),
  chunks: row.chunks,
  total: row.total,
  processed: row.processed,
  created: row.created,
  updated: row.updated,
  errors: row.errors,
  errorCount: row.error_count,
  message: row.message,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/**
 * Import jobs and the uploaded bytes they wait on. Heartbeats use the database's clock, so
 * instances with skewed clocks still agree on which job is stale.
 */
@Injectable()
export class ImportJobsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(job: {
    tenantId: string;
    userId: string | null;
    filename: string;
    contentType: string | null;
    dryRun: boolean;
  }): Promise<ImportJobRecord> {
    const rows = await this.dataSource.query<JobRow[]>(
      `INSERT INTO billing.import_jobs (id, tenant_id, user_id, filename, content_type, dry_run, status, phase, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', 'receiving', $7) RETURNING *`,
      [randomUUID(), job.tenantId, job.userId, job.filename, job.contentType, job.dryRun, this.clock.now()],
    );
    return toRecord(rows[0]);
  }

  async find(tenantId: string, id: string): Promise<ImportJobRecord | null> {
    const rows = await this.dataSource.query<JobRow[]>(
      'SELECT * FROM billing.import_jobs WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** The job locked for a change, in the caller's transaction. */
  async lock(manager: EntityManager, tenantId: string, id: string): Promise<ImportJobRecord | null> {
    const rows = await manager.query<JobRow[]>(
      'SELECT * FROM billing.import_jobs WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenantId, id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  async addChunk(manager: EntityManager, id: string, seq: number, data: Buffer): Promise<number> {
    await manager.query('INSERT INTO billing.import_chunks (job_id, seq, data) VALUES ($1, $2, $3)', [
      id,
      seq,
      data,
    ]);
    const rows = await manager.query<Array<{ bytes: string }>>(
      `UPDATE billing.import_jobs SET bytes = bytes + $2, chunks = chunks + 1, heartbeat_at = now()
       WHERE id = $1 RETURNING bytes`,
      [id, data.length],
    );
    return Number(rows[0].bytes);
  }

  async readChunk(id: string, seq: number): Promise<Buffer | null> {
    const rows = await this.dataSource.query<Array<{ data: Buffer }>>(
      'SELECT data FROM billing.import_chunks WHERE job_id = $1 AND seq = $2',
      [id, seq],
    );
    return rows.length ? rows[0].data : null;
  }

  /** Moves a job that finished receiving on to processing; false when it was not receiving. */
  async claim(tenantId: string, id: string): Promise<ImportJobRecord | null> {
    const rows = await this.dataSource.query<[JobRow[], number]>(
      `UPDATE billing.import_jobs SET phase = 'queued', heartbeat_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'running' AND phase = 'receiving' RETURNING *`,
      [tenantId, id],
    );
    return rows[0].length ? toRecord(rows[0][0]) : null;
  }

  async progress(
    id: string,
    fields: Partial<{ phase: ImportPhase; format: string; total: number; processed: number }>,
  ): Promise<void> {
    const sets = ['heartbeat_at = now()'];
    const values: unknown[] = [id];
    for (const [column, value] of Object.entries(fields)) {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    await this.dataSource.query(`UPDATE billing.import_jobs SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  async heartbeat(ids: string[]): Promise<void> {
    if (ids.length)
      await this.dataSource.query(
        `UPDATE billing.import_jobs SET heartbeat_at = now() WHERE id = ANY($1::uuid[]) AND status = 'running'`,
        [ids],
      );
  }

  /** Records the outcome once: a job already finished (abandoned and failed meanwhile) stays as it is. */
  async finish(
    id: string,
    outcome: ImportOutcome,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows = await manager.query<[unknown[], number]>(
      `UPDATE billing.import_jobs SET status = $2, phase = 'done', created = $3, updated = $4, errors = $5,
         error_count = $6, message = $7, finished_at = $8, heartbeat_at = now()
       WHERE id = $1 AND status = 'running' RETURNING id`,
      [
        id,
        outcome.status,
        outcome.created,
        outcome.updated,
        JSON.stringify(outcome.errors),
        outcome.errorCount,
        outcome.message,
        this.clock.now(),
      ],
    );
    return rows[1] > 0;
  }

  /**
   * Fails the running jobs nobody has touched for `staleSeconds` (the instance working on them,
   * or the gateway sending them, died) and drops what they staged. Safe to run on every instance.
   */
  /** SKIP LOCKED: a job whose row is locked is being written right now, so it is not abandoned. */
  async failAbandoned(staleSeconds: number): Promise<string[]> {
    const rows = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE billing.import_jobs SET status = 'failed', phase = 'done', finished_at = $2,
         message = 'The import was abandoned (the upload stopped, or the service handling it stopped); nothing was written'
       WHERE id IN (SELECT id FROM billing.import_jobs
                    WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
                    FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [staleSeconds, this.clock.now()],
    );
    const ids = rows[0].map((row) => row.id);
    for (const id of ids) await this.dropStaged(id);
    return ids;
  }

  /** The uploaded bytes and parsed rows of a job, once it no longer needs them. */
  async dropStaged(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM billing.import_chunks WHERE job_id = $1', [id]);
    await this.dataSource.query('DELETE FROM billing.import_rows WHERE job_id = $1', [id]);
  }
}
