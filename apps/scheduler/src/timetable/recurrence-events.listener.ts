import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { type EventEnvelope, RecurrenceChangedV1, type RecurrenceView } from '@app/contracts';
import { Clock, EventHandler, flattenValidationErrors } from '@app/platform';
import { nextRunDate } from '../calendar/recurrence-calendar';
import { TimetableRepository } from './timetable.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keeps the timetable from billing's recurrence events. The inbox (around each handler) drops a
 * redelivered event; `recurrence.version` drops one that arrives after a newer change (a late
 * "started" after the "stopped" that followed it), so the timetable ends as billing's latest word.
 */
@Injectable()
export class RecurrenceEventsListener {
  private readonly logger = new Logger('Timetable');

  constructor(
    private readonly timetable: TimetableRepository,
    private readonly clock: Clock,
  ) {}

  @EventHandler('billing.recurrence.started')
  async onStarted(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.apply(envelope, manager, true);
  }

  @EventHandler('billing.recurrence.stopped')
  async onStopped(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    await this.apply(envelope, manager, false);
  }

  private async apply(envelope: EventEnvelope, manager: EntityManager, active: boolean): Promise<void> {
    const recurrence = await readRecurrence(envelope);
    const applied = await this.timetable.apply(
      manager,
      envelope.tenantId,
      recurrence,
      active,
      this.clock.now(),
      // A stopped recurrence has no next run; a running one continues after what it already emitted.
      (lastPeriodEmitted) => (active ? nextRunDate(recurrence, lastPeriodEmitted) : null),
    );
    if (!applied)
      this.logger.log(
        `${envelope.type} ${envelope.id}: recurrence ${recurrence.id} version ${recurrence.version} is not newer than the timetable's; ignored`,
      );
  }
}

/**
 * The recurrence of an event, checked against the contract. Fields the contract does not know yet
 * are allowed (billing may add some before we read them); a malformed event throws, so it is
 * retried and then dead-lettered rather than silently lost.
 */
async function readRecurrence(envelope: EventEnvelope): Promise<RecurrenceView> {
  if (typeof envelope.tenantId !== 'string' || !UUID.test(envelope.tenantId))
    throw new Error(`${envelope.type} ${envelope.id} carries no tenant`);
  const payload = plainToInstance(RecurrenceChangedV1, envelope.data ?? {});
  const errors = await validate(payload, { forbidUnknownValues: true });
  if (errors.length)
    throw new Error(
      `${envelope.type} ${envelope.id} is not a valid recurrence: ${flattenValidationErrors(errors)
        .map((problem) => `${problem.path} ${problem.message}`)
        .join('; ')}`,
    );
  return payload.recurrence;
}
