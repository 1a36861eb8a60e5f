import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, DomainError, RpcClient, conflict } from '@app/platform';
import { DealsRepository } from '../deals/deals.repository';

/**
 * When a contact may be deleted. SPEC: not once documents were issued to it (they are part of the
 * accounts). Those documents live in billing, so crm asks billing before the delete commits:
 * - a contact with deals stays (its deals would lose their customer; the deals' foreign key refuses
 *   it too), decided here without asking anyone;
 * - a contact with issued documents stays (409);
 * - a contact with drafts stays too (409: move them to the trash first), so no draft is left for a
 *   customer that no longer exists; trashed drafts do not count;
 * - when billing cannot answer, nothing is deleted (503): without its answer the rule cannot be
 *   checked, and a delete cannot be undone.
 * Billing is asked with half the RPC timeout, so the gateway (which waits the whole timeout for
 * crm) hears this 503 instead of giving up with a 504 first.
 */
@Injectable()
export class ContactDeletionPolicy {
  constructor(
    private readonly deals: DealsRepository,
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws 409 CONFLICT when the contact must stay. Call with the contact's row locked. */
  async assertDeletable(manager: EntityManager, tenantId: string, contactId: string): Promise<void> {
    if (await this.deals.existsForContact(manager, tenantId, contactId))
      throw conflict('The contact has deals; it cannot be deleted');
    const { issued, drafts } = await this.documentCounts(tenantId, contactId);
    if (issued > 0)
      throw conflict(
        `The contact has ${issued} issued document(s); they stay in the accounts, so the contact cannot be deleted`,
      );
    if (drafts > 0)
      throw conflict(`The contact has ${drafts} draft document(s); move them to the trash first`);
  }

  private async documentCounts(
    tenantId: string,
    contactId: string,
  ): Promise<{ issued: number; drafts: number }> {
    try {
      return await this.rpc.send(
        'billing.contacts.document-counts',
        { contactId },
        { tenantId },
        { timeoutMs: Math.max(500, Math.floor(this.config.rpcTimeoutMs / 2)) },
      );
    } catch (error) {
      const reason = error instanceof DomainError ? error.message : 'no answer';
      throw new DomainError(
        'UNAVAILABLE',
        `The contact was not deleted: billing could not confirm it has no documents (${reason}); try again later`,
      );
    }
  }
}
