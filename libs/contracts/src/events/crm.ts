import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { ContactView, DealView } from '../rpc/crm';

/** Events crm publishes on `invoicing.events` (routing key = type). */
export const CRM_EVENTS = {
  contactCreated: 'crm.contact.created',
  contactUpdated: 'crm.contact.updated',
  dealWon: 'crm.deal.won',
} as const;

/**
 * `crm.contact.created` and `crm.contact.updated`, version 1: the contact as it is after the
 * change, in full (the same shape `crm.contacts.get` answers), so a subscriber never has to ask back.
 */
export class ContactChangedV1 {
  @IsObject() @ValidateNested() @Type(() => ContactView) contact!: ContactView;
}

/**
 * `crm.deal.won`, version 1: the deal as it is once won. Published once for each move into stage
 * `won` (created as won, or moved there from open or lost); saving a won deal again publishes
 * nothing. Subscribers that act once per deal (billing's draft invoice) key on `deal.id`.
 */
export class DealWonV1 {
  @IsObject() @ValidateNested() @Type(() => DealView) deal!: DealView;
}

export interface CrmEventMap {
  'crm.contact.created': { version: 1; data: ContactChangedV1 };
  'crm.contact.updated': { version: 1; data: ContactChangedV1 };
  'crm.deal.won': { version: 1; data: DealWonV1 };
}

/**
 * The payload class of every crm event and version, for subscribers that validate what they
 * receive: `validatePayload(CRM_EVENT_PAYLOADS[envelope.type][envelope.version], envelope.data)`.
 */
export const CRM_EVENT_PAYLOADS = {
  'crm.contact.created': { 1: ContactChangedV1 },
  'crm.contact.updated': { 1: ContactChangedV1 },
  'crm.deal.won': { 1: DealWonV1 },
} as const satisfies { [T in keyof CrmEventMap]: Record<CrmEventMap[T]['version'], new () => object> };
