import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DocumentKind, DocumentView, SendDocumentDto } from '@app/contracts';
import { Clock, conflict, notFound, Outbox } from '@app/platform';
import { TRASHED_MESSAGE } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import { DeliveryRepository } from './delivery.repository';

const KIND_TITLE: Record<DocumentKind, string> = { invoice: 'Invoice', proforma: 'Proforma', offer: 'Offer' };

/**
 * "Send again": one transaction that locks the document, makes a new send request its current
 * delivery (`queued`) and writes `billing.document.send-requested` to the outbox. Documents emails
 * the stored PDF once per request id and answers with `documents.email.sent|failed`.
 */
@Injectable()
export class SendDocumentService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly delivery: DeliveryRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(tenantId: string, kind: DocumentKind, id: string, dto: SendDocumentDto): Promise<DocumentView> {
    return this.documents.transaction(async (manager) => {
      const document = await this.documents.find(manager, tenantId, kind, id, true);
      if (!document) throw notFound(KIND_TITLE[kind]);
      if (document.status === 'trashed') throw conflict(TRASHED_MESSAGE);
      if (document.status === 'draft')
        throw conflict(`Only an issued ${kind} can be sent; issue this draft first (issue with send: true)`);
      const now = this.clock.now();
      const requestId = randomUUID();
      const to = dto.to?.length ? dto.to : null;
      await this.delivery.requestSend(manager, id, to, requestId, now);
      const view = toDocumentView(
        {
          ...document,
          deliveryStatus: 'queued',
          deliveryTo: to,
          sentAt: null,
          deliveryError: null,
          updatedAt: now,
        },
        await this.documents.lines(manager, id),
      );
      await this.outbox.add(manager, tenantId, 'billing.document.send-requested', {
        document: view,
        to,
        requestId,
      });
      return view;
    });
  }
}
