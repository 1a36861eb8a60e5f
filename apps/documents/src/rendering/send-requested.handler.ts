import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DocumentSendRequestedV1, EventEnvelope } from '@app/contracts';
import { EventHandler } from '@app/platform';
import { DeliveryQueue } from '../mail/delivery-queue';
import { DocumentPdfService } from './document-pdf.service';

type SendRequestedEvent = EventEnvelope<string, DocumentSendRequestedV1>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Send again": the stored PDF of an issued document (rendered now if it is not yet, exactly as the
 * issued event would have) is queued for email once more. The delivery is keyed by the request id
 * billing gave, so a redelivered event (or a second event of the same request) sends nothing more.
 */
@Injectable()
export class SendRequestedHandler {
  private readonly logger = new Logger('SendRequested');

  constructor(
    private readonly pdfs: DocumentPdfService,
    private readonly deliveries: DeliveryQueue,
  ) {}

  @EventHandler('billing.document.send-requested')
  async sendRequested(event: SendRequestedEvent, manager: EntityManager): Promise<void> {
    const { document, to, requestId } = event.data ?? ({} as Partial<DocumentSendRequestedV1>);
    if (!document || typeof document.id !== 'string' || !document.fullNumber || !document.totals)
      throw new Error(`${event.type} ${event.id} carries no issued document`);
    if (typeof requestId !== 'string' || !UUID.test(requestId))
      throw new Error(`${event.type} ${event.id} carries no request id`);
    const { file } = await this.pdfs.ensureStored(manager, event.tenantId, document);
    const addressed = { ...document, delivery: { ...document.delivery, to: to?.length ? to : null } };
    await this.deliveries.queue(manager, { id: requestId, tenantId: event.tenantId }, addressed, file);
    this.logger.log(`${document.fullNumber} queued to send again (request ${requestId})`);
  }
}
