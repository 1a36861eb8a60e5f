import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PlatformModule } from '@app/platform';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { Timetable1700000001000 } from './migrations/1700000001000-timetable';
import { TimetableModule } from './timetable/timetable.module';

export const SCHEDULER_MIGRATIONS = [Messaging1700000000000, Timetable1700000001000];

/** The scheduler's features, apart from the platform (tests boot them with a clock of their own). */
export const SCHEDULER_FEATURES = [ScheduleModule.forRoot(), TimetableModule];

@Module({
  imports: [
    PlatformModule.forService({ service: 'scheduler', entities: [], migrations: SCHEDULER_MIGRATIONS }),
    ...SCHEDULER_FEATURES,
  ],
})
export class SchedulerModule {}
