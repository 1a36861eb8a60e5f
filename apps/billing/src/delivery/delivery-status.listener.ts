import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EmailFailedV1, EmailSentV1, EventEnvelope } from '@app/contracts';
import { EventHandler } from '@app/platform';
import { DeliveryRepository, type EmailOutcome } from './delivery.repository';

type EmailEvent = EventEnvelope<string, Partial<EmailSentV1 & EmailFailedV1>>;

/**
 * The delivery status documents reports (`documents.email.sent|failed`) shown on the document.
 * Receipts and other tenants' ids match no document and change nothing.
 */
@Injectable()
export class DeliveryStatusListener {
  private readonly logger = new Logger('DeliveryStatus');

  constructor(private readonly delivery: DeliveryRepository) {}

  @EventHandler('documents.email.sent')
  sent(event: EmailEvent, manager: EntityManager): Promise<void> {
    return this.record(event, manager, 'sent');
  }

  @EventHandler('documents.email.failed')
  failed(event: EmailEvent, manager: EntityManager): Promise<void> {
    return this.record(event, manager, 'failed');
  }

  private async record(event: EmailEvent, manager: EntityManager, status: 'sent' | 'failed'): Promise<void> {
    const data = event.data ?? {};
    if (typeof data.documentId !== 'string' || !UUID.test(data.documentId))
      throw new Error(`${event.type} ${event.id} names no document`);
    const requestId =
      typeof data.requestId === 'string' && UUID.test(data.requestId) ? data.requestId : undefined;
    const outcome: EmailOutcome = {
      status,
      at: new Date(event.occurredAt),
      error: status === 'failed' ? String(data.reason ?? 'unknown reason').slice(0, 1000) : null,
      requestId,
    };
    const changed = await this.delivery.recordOutcome(manager, event.tenantId, data.documentId, outcome);
    if (!changed)
      this.logger.log(`${event.type} for ${data.documentId} (request ${requestId ?? '?'}) changes nothing`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
