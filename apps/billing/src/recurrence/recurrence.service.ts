import { Injectable } from '@nestjs/common';
import type { RecurrenceDto, RecurrenceView } from '@app/contracts';
import { Clock, notFound, Outbox } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { todayIn } from '../documents/business-date';
import { DocumentsRepository } from '../documents/documents.repository';
import { SettingsService } from '../settings/settings.service';
import { assertCanRecur, startRecurrence, stopRecurrence, toRecurrenceView } from './recurrence-rules';
import { type RecurrenceRecord, RecurrencesRepository } from './recurrences.repository';
import { SchedulerTimetableClient } from './scheduler-timetable.client';

/**
 * PUT, GET and DELETE of an invoice's recurrence. Each change locks the origin invoice (two PUTs
 * racing queue there), adds one to `version` and writes `billing.recurrence.started` or `.stopped`
 * to the outbox in the same transaction; the scheduler keeps its timetable from those events.
 */
@Injectable()
export class RecurrenceService {
  constructor(
    private readonly recurrences: RecurrencesRepository,
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsService,
    private readonly scheduler: SchedulerTimetableClient,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async start(tenantId: string, originId: string, options: RecurrenceDto): Promise<RecurrenceView> {
    // Read before the transaction (it has its own connection).
    const settings = await this.settings.get(tenantId);
    const { recurrence, invoices } = await this.recurrences.transaction(async (manager) => {
      const origin = await this.documents.find(manager, tenantId, 'invoice', originId, true);
      if (!origin) throw notFound('Invoice');
      const existing = await this.recurrences.findByOrigin(manager, tenantId, originId, true);
      // Checked when it is switched on (or on again); changing `send` of a running one is always fine.
      if (!existing?.active) assertCanRecur(origin);
      const now = this.clock.now();
      const { recurrence, changed } = startRecurrence(existing, origin, options.send, {
        today: todayIn(settings.timeZone, now),
        timeZone: settings.timeZone,
        country: settings.company.address.country || null,
        now,
      });
      return this.saveAndPublish(manager, recurrence, changed);
    });
    return toRecurrenceView(recurrence, invoices, await this.nextRunDate(recurrence));
  }

  async get(tenantId: string, originId: string): Promise<RecurrenceView> {
    const manager = this.recurrences.manager;
    const recurrence = await this.find(manager, tenantId, originId);
    const invoices = await this.recurrences.invoices(manager, tenantId, recurrence.id);
    return toRecurrenceView(recurrence, invoices, await this.nextRunDate(recurrence));
  }

  async stop(tenantId: string, originId: string): Promise<RecurrenceView> {
    const { recurrence, invoices } = await this.recurrences.transaction(async (manager) => {
      const existing = await this.find(manager, tenantId, originId, true);
      const { recurrence, changed } = stopRecurrence(existing, this.clock.now());
      return this.saveAndPublish(manager, recurrence, changed);
    });
    return toRecurrenceView(recurrence, invoices, null);
  }

  private async saveAndPublish(
    manager: EntityManager,
    recurrence: RecurrenceRecord,
    changed: boolean,
  ): Promise<{ recurrence: RecurrenceRecord; invoices: RecurrenceView['invoices'] }> {
    const invoices = await this.recurrences.invoices(manager, recurrence.tenantId, recurrence.id);
    if (!changed) return { recurrence, invoices };
    await this.recurrences.save(manager, recurrence);
    // The scheduler plans the next run from this; billing does not know the calendar.
    await this.outbox.add(
      manager,
      recurrence.tenantId,
      recurrence.active ? 'billing.recurrence.started' : 'billing.recurrence.stopped',
      { recurrence: toRecurrenceView(recurrence, invoices, null) },
    );
    return { recurrence, invoices };
  }

  /** 404 for an invoice of another tenant, a missing one, or one that never recurred. */
  private async find(
    manager: EntityManager,
    tenantId: string,
    originId: string,
    lock = false,
  ): Promise<RecurrenceRecord> {
    const recurrence = await this.recurrences.findByOrigin(manager, tenantId, originId, lock);
    if (recurrence) return recurrence;
    const origin = await this.documents.find(manager, tenantId, 'invoice', originId);
    throw notFound(origin ? 'Recurrence of this invoice' : 'Invoice');
  }

  private nextRunDate(recurrence: RecurrenceRecord): Promise<string | null> {
    if (!recurrence.active) return Promise.resolve(null);
    return this.scheduler.nextRunDate(recurrence.tenantId, recurrence.id, recurrence.version);
  }
}
