import { Injectable } from '@nestjs/common';
import {
  ContactRef,
  ListContactDocumentsRequest,
  type ContactDocumentCounts,
  type DocumentView,
  type Page,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { DocumentsRepository } from '../documents/documents.repository';
import { DraftsService } from '../drafts/drafts.service';

/**
 * A contact's documents, for the customer card (GET /contacts/{id}/documents; the gateway asks crm
 * whether the contact exists) and for crm, which asks before deleting the contact.
 */
@Injectable()
export class ContactDocumentsHandler {
  constructor(
    private readonly drafts: DraftsService,
    private readonly documents: DocumentsRepository,
  ) {}

  @RpcHandler('billing.contacts.documents', ListContactDocumentsRequest)
  list(payload: ListContactDocumentsRequest, caller: RpcCaller): Promise<Page<DocumentView>> {
    return this.drafts.listForContact(tenantOf(caller), payload);
  }

  @RpcHandler('billing.contacts.document-counts', ContactRef)
  counts(payload: ContactRef, caller: RpcCaller): Promise<ContactDocumentCounts> {
    return this.documents.countsForContact(tenantOf(caller), payload.contactId);
  }
}
