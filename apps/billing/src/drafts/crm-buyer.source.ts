import { Injectable } from '@nestjs/common';
import type { BuyerView, ContactView, RpcCaller } from '@app/contracts';
import { DomainError, RpcClient, unprocessable } from '@app/platform';

/** The buyer block of a document, as copied from a crm contact. */
export function buyerFromContact(contact: ContactView): BuyerView {
  return {
    type: contact.type,
    name: contact.name,
    vatId: contact.vatId,
    registrationNumber: contact.registrationNumber,
    email: contact.email,
    address: {
      street: contact.address.street,
      city: contact.address.city,
      region: contact.address.region,
      postalCode: contact.address.postalCode,
      country: contact.address.country,
    },
  };
}

/**
 * Asks crm (over RPC, as the caller) for the contact a document is for. Billing never reads crm's
 * tables: it copies the buyer block at once and keeps it fresh from `crm.contact.updated`.
 */
@Injectable()
export class CrmBuyerSource {
  constructor(private readonly rpc: RpcClient) {}

  async buyer(contactId: string, caller: RpcCaller): Promise<{ buyer: BuyerView; asOf: Date }> {
    try {
      const contact = await this.rpc.send('crm.contacts.get', { id: contactId }, caller);
      return { buyer: buyerFromContact(contact), asOf: new Date(contact.updatedAt) };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND')
        throw unprocessable('The contact does not exist', [
          { path: 'contactId', message: 'no contact with this id in this account' },
        ]);
      throw error;
    }
  }

  /** The deal must exist and belong to the document's contact. */
  async checkDeal(dealId: string, contactId: string, caller: RpcCaller): Promise<void> {
    try {
      const deal = await this.rpc.send('crm.deals.get', { id: dealId }, caller);
      if (deal.contactId === contactId) return;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
    }
    throw unprocessable('The deal does not belong to this contact', [
      { path: 'dealId', message: 'no deal with this id for this contact' },
    ]);
  }
}
