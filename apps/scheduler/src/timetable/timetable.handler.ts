import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type RpcCaller, SchedulerRecurrenceRequest, type SchedulerRecurrenceView } from '@app/contracts';
import { DomainError, notFound, RpcHandler } from '@app/platform';
import { TimetableRepository } from './timetable.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `scheduler.recurrences.get`: the timetable entry of one recurrence and what it emitted (ops, tests). */
@Injectable()
export class TimetableHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timetable: TimetableRepository,
  ) {}

  @RpcHandler('scheduler.recurrences.get', SchedulerRecurrenceRequest)
  async get(request: SchedulerRecurrenceRequest, caller: RpcCaller): Promise<SchedulerRecurrenceView> {
    if (!caller?.tenantId || !UUID.test(caller.tenantId))
      throw new DomainError('UNAUTHORIZED', 'This request carries no tenant');
    const manager = this.dataSource.manager;
    // Another tenant's recurrence is "not found", exactly like a missing one.
    const entry = await this.timetable.find(manager, caller.tenantId, request.recurrenceId);
    if (!entry) throw notFound('Recurrence');
    const emissions = await this.timetable.emissions(manager, caller.tenantId, request.recurrenceId);
    return {
      recurrenceId: entry.recurrenceId,
      originId: entry.originId,
      active: entry.active,
      dayOfMonth: entry.dayOfMonth,
      startedOn: entry.startedOn,
      timeZone: entry.timeZone,
      skipHolidays: entry.skipHolidays,
      country: entry.country,
      send: entry.send,
      version: entry.version,
      lastPeriodEmitted: entry.lastPeriodEmitted,
      nextPeriod: entry.active ? entry.nextPeriod : null,
      nextRunDate: entry.active ? entry.nextRunDate : null,
      emissions: emissions.map((emission) => ({
        period: emission.period,
        runDate: emission.runDate,
        emittedAt: emission.emittedAt.toISOString(),
      })),
      updatedAt: entry.updatedAt.toISOString(),
    };
  }
}
