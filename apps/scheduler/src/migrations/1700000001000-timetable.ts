import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Timetable1700000001000 implements MigrationInterface {
  name = 'Timetable1700000001000';
  async up(runner: QueryRunner): Promise<void> {
    // The timetable, kept from billing's recurrence events; `version` orders those events.
    await runner.query(`CREATE TABLE scheduler.recurrences (
      recurrence_id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      origin_id uuid NOT NULL,
      day_of_month smallint NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
      started_on date NOT NULL,
      time_zone text NOT NULL,
      active boolean NOT NULL,
      send boolean NOT NULL,
      skip_holidays boolean NOT NULL DEFAULT false,
      country text,
      version integer NOT NULL,
      last_period_emitted text CHECK (last_period_emitted ~ '^\\d{4}-\\d{2}$'),
      next_period text,
      next_run_date date,
      updated_at timestamptz NOT NULL
    )`);
    // What a tick looks at: active recurrences whose next run date has come.
    await runner.query(
      `CREATE INDEX recurrences_due_idx ON scheduler.recurrences (next_run_date, recurrence_id) WHERE active`,
    );
    // The claim: one row per recurrence and period, whoever inserts it first emits the due event.
    await runner.query(`CREATE TABLE scheduler.emissions (
      recurrence_id uuid NOT NULL REFERENCES scheduler.recurrences (recurrence_id),
      period text NOT NULL CHECK (period ~ '^\\d{4}-\\d{2}$'),
      tenant_id uuid NOT NULL,
      run_date date NOT NULL,
      event_id uuid,
      emitted_at timestamptz NOT NULL,
      emitted_by text NOT NULL,
      PRIMARY KEY (recurrence_id, period)
    )`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE scheduler.emissions');
    await runner.query('DROP TABLE scheduler.recurrences');
  }
}
