import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecurrenceView } from '@app/contracts';
import type { DueRun, RecurrenceSchedule } from '../calendar/recurrence-calendar';

/** One row of `scheduler.recurrences`: the timetable entry of a recurrence. */
export interface TimetableEntry extends RecurrenceSchedule {
  recurrenceId: string;
  tenantId: string;
  originId: string;
  dayOfMonth: number;
  startedOn: string;
  timeZone: string;
  active: boolean;
  send: boolean;
  skipHolidays: boolean;
  country: string | null;
  version: number;
  lastPeriodEmitted: string | null;
  nextPeriod: string | null;
  nextRunDate: string | null;
  updatedAt: Date;
}

export interface Emission {
  period: string;
  runDate: string;
  eventId: string | null;
  emittedAt: Date;
}

// Dates leave PostgreSQL as text: node-postgres would turn a `date` into a local-midnight Date.
const ENTRY_COLUMNS = `recurrence_id AS "recurrenceId", tenant_id AS "tenantId", origin_id AS "originId",
  day_of_month AS "dayOfMonth", started_on::text AS "startedOn", time_zone AS "timeZone", active, send,
  skip_holidays AS "skipHolidays", country, version, last_period_emitted AS "lastPeriodEmitted",
  next_period AS "nextPeriod", next_run_date::text AS "nextRunDate", updated_at AS "updatedAt"`;

/** SQL of the timetable and of the emission claims; every method runs in the caller's transaction. */
@Injectable()
export class TimetableRepository {
  /**
   * Records a recurrence as its event describes it, unless the row already holds that version or a
   * newer one (a late or repeated event). `next` is the next run given what was already emitted.
   * Returns false when the event was stale (or names another tenant's recurrence) and changed nothing.
   */
  async apply(
    manager: EntityManager,
    tenantId: string,
    view: RecurrenceView,
    active: boolean,
    now: Date,
    next: (lastPeriodEmitted: string | null) => DueRun | null,
  ): Promise<boolean> {
    const values = (run: DueRun | null) => [
      view.id,
      tenantId,
      view.originId,
      view.dayOfMonth,
      view.startedOn,
      view.timeZone,
      active,
      view.send,
      view.skipHolidays,
      view.country,
      view.version,
      run?.period ?? null,
      run?.runDate ?? null,
      now,
    ];
    // A first event inserts; ON CONFLICT leaves an existing row to the locked update below, so two
    // events of one new recurrence handled at once cannot both insert.
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO scheduler.recurrences (recurrence_id, tenant_id, origin_id, day_of_month, started_on,
         time_zone, active, send, skip_holidays, country, version, next_period, next_run_date, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (recurrence_id) DO NOTHING RETURNING recurrence_id`,
      values(next(null)),
    );
    if (inserted.length) return true;
    const [current] = await manager.query<Array<{ tenantId: string; version: number; last: string | null }>>(
      `SELECT tenant_id AS "tenantId", version, last_period_emitted AS last
       FROM scheduler.recurrences WHERE recurrence_id = $1 FOR UPDATE`,
      [view.id],
    );
    if (!current || current.tenantId !== tenantId || current.version >= view.version) return false;
    await manager.query(
      `UPDATE scheduler.recurrences SET origin_id = $3, day_of_month = $4, started_on = $5, time_zone = $6,
         active = $7, send = $8, skip_holidays = $9, country = $10, version = $11, next_period = $12,
         next_run_date = $13, updated_at = $14
       WHERE recurrence_id = $1 AND tenant_id = $2`,
      values(next(current.last)),
    );
    return true;
  }

  /**
   * Active recurrences whose stored next run date is on or before `horizon`, in run-date order,
   * after the keyset position `after` (so rows another instance holds are passed over, not retried
   * in a loop).
   */
  async dueCandidates(
    manager: EntityManager,
    horizon: string,
    after: { nextRunDate: string; recurrenceId: string } | null,
    limit: number,
  ): Promise<Array<{ recurrenceId: string; nextRunDate: string }>> {
    return manager.query(
      `SELECT recurrence_id AS "recurrenceId", next_run_date::text AS "nextRunDate"
       FROM scheduler.recurrences
       WHERE active AND next_run_date <= $1::date
         AND ($2::date IS NULL OR (next_run_date, recurrence_id) > ($2::date, $3::uuid))
       ORDER BY next_run_date, recurrence_id LIMIT $4`,
      [horizon, after?.nextRunDate ?? null, after?.recurrenceId ?? null, limit],
    );
  }

  /**
   * Locks an active recurrence for this transaction, or answers null when it is stopped or another
   * instance holds it right now (SKIP LOCKED: that instance is emitting; waiting would only make us
   * find nothing left to do).
   */
  async lockActive(manager: EntityManager, recurrenceId: string): Promise<TimetableEntry | null> {
    const [row] = await manager.query<TimetableEntry[]>(
      `SELECT ${ENTRY_COLUMNS} FROM scheduler.recurrences
       WHERE recurrence_id = $1 AND active FOR UPDATE SKIP LOCKED`,
      [recurrenceId],
    );
    return row ?? null;
  }

  /**
   * The claim on one period: true for the one transaction whose row went in. The primary key
   * (recurrence_id, period) decides between any number of scheduler instances.
   */
  async claim(
    manager: EntityManager,
    entry: TimetableEntry,
    run: DueRun,
    now: Date,
    instance: string,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO scheduler.emissions (recurrence_id, period, tenant_id, run_date, emitted_at, emitted_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING period`,
      [entry.recurrenceId, run.period, entry.tenantId, run.runDate, now, instance],
    );
    return rows.length === 1;
  }

  /** Links a won claim to the due event written for it (for tracing a period to its message). */
  async recordEvent(
    manager: EntityManager,
    recurrenceId: string,
    period: string,
    eventId: string,
  ): Promise<void> {
    await manager.query(
      'UPDATE scheduler.emissions SET event_id = $3 WHERE recurrence_id = $1 AND period = $2',
      [recurrenceId, period, eventId],
    );
  }

  /** Moves the recurrence past `lastPeriodEmitted`, to its next run. */
  async advance(
    manager: EntityManager,
    recurrenceId: string,
    lastPeriodEmitted: string,
    next: DueRun,
  ): Promise<void> {
    await manager.query(
      `UPDATE scheduler.recurrences SET last_period_emitted = $2, next_period = $3, next_run_date = $4
       WHERE recurrence_id = $1`,
      [recurrenceId, lastPeriodEmitted, next.period, next.runDate],
    );
  }

  async find(manager: EntityManager, tenantId: string, recurrenceId: string): Promise<TimetableEntry | null> {
    const [row] = await manager.query<TimetableEntry[]>(
      `SELECT ${ENTRY_COLUMNS} FROM scheduler.recurrences WHERE recurrence_id = $1 AND tenant_id = $2`,
      [recurrenceId, tenantId],
    );
    return row ?? null;
  }

  async emissions(manager: EntityManager, tenantId: string, recurrenceId: string): Promise<Emission[]> {
    return manager.query(
      `SELECT period, run_date::text AS "runDate", event_id AS "eventId", emitted_at AS "emittedAt"
       FROM scheduler.emissions WHERE recurrence_id = $1 AND tenant_id = $2 ORDER BY period`,
      [recurrenceId, tenantId],
    );
  }
}
