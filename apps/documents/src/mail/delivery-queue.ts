import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DocumentView, EventEnvelope } from '@app/contracts';
import { Clock, Outbox } from '@app/platform';
import { formatDate } from '../pdf/labels';
import { DOCUMENT_LANGUAGE } from '../rendering/document-pdf.service';
import type { RenderedFile } from '../rendering/rendered-files.repository';
import { type DeliveryAttachment, DeliveriesRepository } from './deliveries.repository';
import { fillTemplateLinksLater } from './email-template';
import { EmailTemplatesRepository } from './email-templates.repository';
import { MAIL_CONFIG, type MailConfig } from './mail.config';
import { DeliveryWorker } from './delivery.worker';

/**
 * Records a send request as a `queued` delivery, in the caller's transaction (the inbox's). Nothing
 * leaves the system here: the delivery worker sends after the commit, so a rolled-back event sends
 * nothing, and the request id (the event id) is unique, so a repeated request sends nothing twice.
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly templates: EmailTemplatesRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly worker: DeliveryWorker,
  ) {}

  async queue(
    manager: EntityManager,
    request: Pick<EventEnvelope, 'id' | 'tenantId'>,
    document: DocumentView,
    file: RenderedFile,
    extraAttachments: DeliveryAttachment[] = [],
  ): Promise<void> {
    const recipients = document.delivery?.to?.length
      ? document.delivery.to
      : document.buyer.email
        ? [document.buyer.email]
        : [];
    const language = DOCUMENT_LANGUAGE;
    const template = await this.templates.find(manager, request.tenantId, document.kind, language);
    // The public links (view, accept, reject) are asked of billing when the email is sent: a
    // billing that does not answer then delays the email (retried), never the PDF or this event.
    const email = fillTemplateLinksLater(template, {
      contactName: document.buyer.name,
      number: document.fullNumber ?? '',
      total: document.totals.gross,
      currency: document.currency,
      dueDate: formatDate(document.kind === 'offer' ? document.validUntil : document.dueDate, language),
      sellerName: document.seller?.legalName ?? '',
    });
    const id = randomUUID();
    const noRecipient = recipients.length === 0;
    const now = this.clock.now();
    const inserted = await this.deliveries.insert(
      manager,
      {
        id,
        tenantId: request.tenantId,
        documentId: document.id,
        kind: document.kind,
        requestId: request.id,
        recipients,
        senderName: document.seller?.legalName ?? null,
        replyTo: document.seller?.email ?? null,
        subject: email.subject,
        body: email.body,
        attachmentName: file.fileName,
        storageKey: file.storageKey,
        extraAttachments,
        status: noRecipient ? 'failed' : 'queued',
        lastError: noRecipient ? 'No recipient: the buyer has no email address and none was given' : null,
        messageId: `<${id}@${this.config.fromAddress.split('@')[1] ?? 'invoicing.local'}>`,
      },
      now,
    );
    if (!inserted) return;
    if (noRecipient)
      await this.outbox.add(manager, request.tenantId, 'documents.email.failed', {
        documentId: document.id,
        to: [],
        reason: 'No recipient: the buyer has no email address and none was given',
        requestId: request.id,
      });
    else this.worker.nudgeAfterCommit();
  }
}
