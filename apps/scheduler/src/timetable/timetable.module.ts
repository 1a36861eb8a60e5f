import { Module } from '@nestjs/common';
import { DueRecurrencesJob } from './due-recurrences.job';
import { RecurrenceEventsListener } from './recurrence-events.listener';
import { loadSchedulerOptions, SCHEDULER_OPTIONS } from './scheduler.options';
import { TimetableHandler } from './timetable.handler';
import { TimetableRepository } from './timetable.repository';

/**
 * The timetable of recurring invoices: kept from billing's recurrence events, ticked to publish
 * `scheduler.recurrence.due` once per period, and readable through `scheduler.recurrences.get`.
 */
@Module({
  providers: [
    { provide: SCHEDULER_OPTIONS, useFactory: () => loadSchedulerOptions() },
    TimetableRepository,
    RecurrenceEventsListener,
    DueRecurrencesJob,
    TimetableHandler,
  ],
  exports: [DueRecurrencesJob],
})
export class TimetableModule {}
