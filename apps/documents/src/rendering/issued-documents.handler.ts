import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DocumentIssuedV1, EventEnvelope } from '@app/contracts';
import { EventHandler } from '@app/platform';
import { UblDocumentService } from '../einvoice/ubl-document.service';
import { DeliveryQueue } from '../mail/delivery-queue';
import { DocumentPdfService } from './document-pdf.service';

type IssuedEvent = EventEnvelope<string, DocumentIssuedV1>;

/**
 * An issued invoice, proforma or offer is rendered once, stored and recorded (publishing
 * `documents.pdf.rendered`); when billing queued it for sending ("issue and send"), a delivery is
 * queued too. All in the inbox's transaction: a redelivered event changes nothing, and a failed
 * one leaves nothing behind but an unreferenced file.
 */
@Injectable()
export class IssuedDocumentsHandler {
  private readonly logger = new Logger('IssuedDocuments');

  constructor(
    private readonly pdfs: DocumentPdfService,
    private readonly deliveries: DeliveryQueue,
    private readonly ubl: UblDocumentService,
  ) {}

  @EventHandler('billing.invoice.issued')
  invoiceIssued(event: IssuedEvent, manager: EntityManager): Promise<void> {
    return this.onIssued(event, manager);
  }

  @EventHandler('billing.proforma.issued')
  proformaIssued(event: IssuedEvent, manager: EntityManager): Promise<void> {
    return this.onIssued(event, manager);
  }

  @EventHandler('billing.offer.issued')
  offerIssued(event: IssuedEvent, manager: EntityManager): Promise<void> {
    return this.onIssued(event, manager);
  }

  private async onIssued(event: IssuedEvent, manager: EntityManager): Promise<void> {
    const document = event.data?.document;
    if (!document || typeof document.id !== 'string' || !document.fullNumber || !document.totals)
      throw new Error(`${event.type} ${event.id} carries no issued document`);
    // Just issued: its files are almost surely not there yet (only a PDF asked for in between would
    // be), so no look first; the insert keeps a file recorded first.
    const fresh = { lookFirst: false };
    const { file } = await this.pdfs.ensureStored(manager, event.tenantId, document, fresh);
    // Invoices and stornos also get their e-invoice XML; a refused one is recorded, never fails the PDF.
    if (document.kind === 'invoice') await this.ubl.ensureStored(manager, event.tenantId, document, fresh);
    if (document.delivery?.status === 'queued') {
      const extras = await this.ubl.attachmentsFor(manager, event.tenantId, document);
      await this.deliveries.queue(manager, event, document, file, extras);
      this.logger.log(`${document.fullNumber} rendered, email queued`);
    }
  }
}
