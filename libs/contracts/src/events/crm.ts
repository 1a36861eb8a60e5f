import type { ContactView, DealView } from '../rpc/crm';

export const CRM_EVENTS = {
  contactCreated: 'crm.contact.created',
  contactUpdated: 'crm.contact.updated',
  dealWon: 'crm.deal.won',
} as const;

export interface ContactChangedV1 {
  contact: ContactView;
}
export interface DealWonV1 {
  deal: DealView;
}

export interface CrmEventMap {
  'crm.contact.created': { version: 1; data: ContactChangedV1 };
  'crm.contact.updated': { version: 1; data: ContactChangedV1 };
  'crm.deal.won': { version: 1; data: DealWonV1 };
}
