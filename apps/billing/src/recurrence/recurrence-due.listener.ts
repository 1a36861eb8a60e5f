import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@app/contracts';
import { EventHandler } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { RecurringInvoiceService } from './recurring-invoice.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `scheduler.recurrence.due`: the period's invoice, in the transaction of the event's inbox row. */
@Injectable()
export class RecurrenceDueListener {
  constructor(private readonly runs: RecurringInvoiceService) {}

  @EventHandler('scheduler.recurrence.due')
  async onDue(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    // No tenant, no recurrence of ours: nothing to look up.
    if (typeof envelope.tenantId !== 'string' || !UUID.test(envelope.tenantId)) return;
    await this.runs.run(manager, envelope.tenantId, envelope.id, envelope.data);
  }
}
