import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, Clock, Outbox } from '@app/platform';
import { addDays, todayIn } from '../calendar/calendar-date';
import { type DueRun, nextRunDate, periodsDue } from '../calendar/recurrence-calendar';
import { SCHEDULER_OPTIONS, type SchedulerOptions } from './scheduler.options';
import { TimetableRepository } from './timetable.repository';

export interface EmittedRun extends DueRun {
  recurrenceId: string;
}

const TICK = 'scheduler.recurrences.tick';

/**
 * The tick: finds recurrences whose run date has come and publishes `scheduler.recurrence.due`
 * once per period, oldest period first (a scheduler that was down catches up every missed period).
 *
 * Exactly once, with any number of instances: for each recurrence one transaction locks its row
 * (SKIP LOCKED: another instance busy with it is left alone), claims each due period by inserting
 * (recurrence, period) into `scheduler.emissions` (the primary key lets only one insert win, even if
 * the lock were bypassed), writes the due event to the outbox and moves the recurrence to its next
 * run, and commits all of that or nothing. The outbox then publishes; billing still keys on
 * (recurrence, period) because a message can be delivered twice.
 *
 * Runs at start and then every SCHEDULER_TICK_MS through @nestjs/schedule's registry (an interval
 * registered at boot, so its period comes from the validated options rather than from the
 * environment at import time). Time is the injected Clock: CLOCK_NOW moves it for demos and tests.
 */
@Injectable()
export class DueRecurrencesJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DueRecurrences');
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timetable: TimetableRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly registry: SchedulerRegistry,
    @Inject(SCHEDULER_OPTIONS) private readonly options: SchedulerOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.tickMs > 0)
      this.registry.addInterval(
        TICK,
        setInterval(() => this.scheduledTick(), this.options.tickMs),
      );
    // Once at start: a scheduler back from downtime catches up without waiting a whole interval.
    this.scheduledTick();
  }

  /** Lets a tick in progress commit before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
    await this.running;
  }

  /** A timer's tick: skipped while the previous one still runs, never throws. */
  private scheduledTick(): void {
    if (this.running) return;
    this.running = this.tick()
      .catch((error: Error) => this.logger.warn(`tick failed: ${error.message}`))
      .finally(() => (this.running = undefined));
  }

  /** Emits every period due now; returns what this instance emitted (another may have done the rest). */
  async tick(): Promise<EmittedRun[]> {
    const now = this.clock.now();
    // No time zone is more than a day ahead of UTC: the stored run date is compared with this
    // horizon in SQL, then judged exactly in each recurrence's own time zone.
    const horizon = addDays(now.toISOString().slice(0, 10), 1);
    const emitted: EmittedRun[] = [];
    let after: { nextRunDate: string; recurrenceId: string } | null = null;
    for (;;) {
      const batch = await this.timetable.dueCandidates(
        this.dataSource.manager,
        horizon,
        after,
        this.options.batchSize,
      );
      for (const candidate of batch) {
        try {
          emitted.push(...(await this.emitDue(candidate.recurrenceId, now)));
        } catch (error) {
          // One broken entry must not hold up the others; it is tried again at the next tick.
          this.logger.warn(`recurrence ${candidate.recurrenceId} not emitted: ${(error as Error).message}`);
        }
      }
      if (batch.length < this.options.batchSize) break;
      after = batch[batch.length - 1];
    }
    if (emitted.length) this.logger.log(`emitted ${emitted.length} due period(s)`);
    return emitted;
  }

  /** One recurrence, one transaction: claim each due period in order, publish, advance. */
  private async emitDue(recurrenceId: string, now: Date): Promise<EmittedRun[]> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.timetable.lockActive(manager, recurrenceId);
      if (!entry) return [];
      const due = periodsDue(entry, entry.lastPeriodEmitted, todayIn(entry.timeZone, now));
      if (due.length === 0) return [];
      const emitted: EmittedRun[] = [];
      for (const run of due) {
        // Lost claim: that period is already emitted (by another instance); move past it quietly.
        if (!(await this.timetable.claim(manager, entry, run, now, this.config.instanceId))) continue;
        const event = await this.outbox.add(manager, entry.tenantId, 'scheduler.recurrence.due', {
          recurrenceId,
          period: run.period,
          runDate: run.runDate,
        });
        await this.timetable.recordEvent(manager, recurrenceId, run.period, event.id);
        emitted.push({ recurrenceId, ...run });
      }
      const last = due[due.length - 1].period;
      await this.timetable.advance(manager, recurrenceId, last, nextRunDate(entry, last));
      return emitted;
    });
  }
}
