import { Injectable } from '@nestjs/common';
import type { EventEnvelope, EventData } from '@app/contracts';
import { Clock, EventHandler } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { DocumentsRepository } from '../documents/documents.repository';
import { buyerFromContact } from './crm-buyer.source';

/**
 * SPEC: editing a contact fixes it for good, so the buyer block of that contact's drafts follows;
 * issued documents keep the buyer they were issued with.
 */
@Injectable()
export class ContactChangesListener {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly clock: Clock,
  ) {}

  @EventHandler('crm.contact.updated')
  async onContactUpdated(
    envelope: EventEnvelope<'crm.contact.updated', EventData<'crm.contact.updated'>>,
    manager: EntityManager,
  ): Promise<void> {
    const { contact } = envelope.data;
    await this.documents.refreshBuyer(
      manager,
      envelope.tenantId,
      contact.id,
      buyerFromContact(contact),
      new Date(contact.updatedAt),
      this.clock.now(),
    );
  }
}
