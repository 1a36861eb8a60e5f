import { Injectable } from '@nestjs/common';
import type { FieldProblem, RecurrenceInvoiceView } from '@app/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** A row of `billing.recurrences`: the definition; the scheduler keeps the timetable. */
export interface RecurrenceRecord {
  id: string;
  tenantId: string;
  originId: string;
  active: boolean;
  dayOfMonth: number;
  startedOn: string;
  send: boolean;
  timeZone: string;
  skipHolidays: boolean;
  country: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What one run ended as: the period's invoice, or the problems that kept it from being issued. */
export type RunOutcome =
  { status: 'issued'; invoiceId: string; issueDate: string } | { status: 'failed'; problems: FieldProblem[] };

const COLUMNS = `id, tenant_id, origin_id, active, day_of_month, started_on::text AS started_on, send,
  time_zone, skip_holidays, country, version, created_at, updated_at`;

type Row = Record<string, unknown>;

/** Recurrences and their runs. Every query filters by tenant: another tenant's is not found. */
@Injectable()
export class RecurrencesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async findByOrigin(
    manager: EntityManager,
    tenantId: string,
    originId: string,
    lock = false,
  ): Promise<RecurrenceRecord | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.recurrences WHERE tenant_id = $1 AND origin_id = $2
        ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, originId],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  async find(manager: EntityManager, tenantId: string, id: string): Promise<RecurrenceRecord | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.recurrences WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** Locked: a stop waits for a run in progress, and a run after a stop sees it stopped. */
  async lock(manager: EntityManager, tenantId: string, id: string): Promise<RecurrenceRecord | null> {
    const rows = await manager.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.recurrences WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** Inserts a new recurrence, or writes every field of an existing one (same id). */
  async save(manager: EntityManager, recurrence: RecurrenceRecord): Promise<void> {
    await manager.query(
      `INSERT INTO billing.recurrences (id, tenant_id, origin_id, active, day_of_month, started_on, send,
         time_zone, skip_holidays, country, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET active = EXCLUDED.active, day_of_month = EXCLUDED.day_of_month,
         started_on = EXCLUDED.started_on, send = EXCLUDED.send, time_zone = EXCLUDED.time_zone,
         skip_holidays = EXCLUDED.skip_holidays, country = EXCLUDED.country, version = EXCLUDED.version,
         updated_at = EXCLUDED.updated_at`,
      [
        recurrence.id,
        recurrence.tenantId,
        recurrence.originId,
        recurrence.active,
        recurrence.dayOfMonth,
        recurrence.startedOn,
        recurrence.send,
        recurrence.timeZone,
        recurrence.skipHolidays,
        recurrence.country,
        recurrence.version,
        recurrence.createdAt,
        recurrence.updatedAt,
      ],
    );
  }

  /** The invoices a recurrence made, in the order they were issued. */
  async invoices(manager: EntityManager, tenantId: string, id: string): Promise<RecurrenceInvoiceView[]> {
    const rows = await manager.query<Array<{ id: string; full_number: string; issue_date: string }>>(
      `SELECT id, full_number, issue_date::text AS issue_date FROM billing.documents
        WHERE tenant_id = $1 AND recurrence_id = $2 AND full_number IS NOT NULL
        ORDER BY issue_date, number`,
      [tenantId, id],
    );
    return rows.map((row) => ({ id: row.id, fullNumber: row.full_number, issueDate: row.issue_date }));
  }

  /**
   * Claims the run of `period`: false when it is already claimed (a redelivered or repeated due
   * event). A concurrent claim of the same period waits here until the first one commits or rolls
   * back, so at most one transaction ever goes on to issue the period's invoice.
   */
  async claimRun(
    manager: EntityManager,
    run: {
      tenantId: string;
      recurrenceId: string;
      period: string;
      runDate: string;
      invoiceId: string;
      eventId: string;
      now: Date;
    },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO billing.recurrence_runs (recurrence_id, period, tenant_id, run_date, status, invoice_id,
         event_id, created_at)
       VALUES ($1, $2, $3, $4, 'issued', $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING period`,
      [run.recurrenceId, run.period, run.tenantId, run.runDate, run.invoiceId, run.eventId, run.now],
    );
    return rows.length > 0;
  }

  /** Whether the run of `period` is done (committed by any instance). */
  async hasRun(manager: EntityManager, recurrenceId: string, period: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM billing.recurrence_runs WHERE recurrence_id = $1 AND period = $2',
      [recurrenceId, period],
    );
    return rows.length > 0;
  }

  /** How the claimed run ended. */
  async finishRun(
    manager: EntityManager,
    recurrenceId: string,
    period: string,
    outcome: RunOutcome,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing.recurrence_runs SET status = $3, invoice_id = $4, issue_date = $5, problems = $6
        WHERE recurrence_id = $1 AND period = $2`,
      outcome.status === 'issued'
        ? [recurrenceId, period, 'issued', outcome.invoiceId, outcome.issueDate, null]
        : [recurrenceId, period, 'failed', null, null, JSON.stringify(outcome.problems)],
    );
  }
}

function toRecord(row: Row): RecurrenceRecord {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    originId: row.origin_id as string,
    active: row.active as boolean,
    dayOfMonth: Number(row.day_of_month),
    startedOn: row.started_on as string,
    send: row.send as boolean,
    timeZone: row.time_zone as string,
    skipHolidays: row.skip_holidays as boolean,
    country: (row.country as string | null) ?? null,
    version: Number(row.version),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
  };
}
