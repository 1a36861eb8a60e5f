import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict } from '@app/platform';
import { DealsRepository } from '../deals/deals.repository';

/**
 * When a contact may be deleted. SPEC: not once documents were issued to it. Those documents live
 * in billing, which does not answer yet; the rule to add then is an RPC query to billing ("has
 * this contact issued documents?") asked here, before the delete commits. Until then the rule
 * crm can decide alone: a contact with deals stays, because its deals would lose their customer
 * (the deals' foreign key refuses it too, so a deal created meanwhile is also protected).
 */
@Injectable()
export class ContactDeletionPolicy {
  constructor(private readonly deals: DealsRepository) {}

  /** Throws 409 CONFLICT when the contact must stay. Call with the contact's row locked. */
  async assertDeletable(manager: EntityManager, tenantId: string, contactId: string): Promise<void> {
    if (await this.deals.existsForContact(manager, tenantId, contactId))
      throw conflict('The contact has deals; it cannot be deleted');
  }
}
