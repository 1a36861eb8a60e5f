import type { DocumentStatus, LinkDecision } from '@app/contracts';
import type { DocumentRecord } from '../documents/document.record';

type OfferState = Pick<DocumentRecord, 'status' | 'validUntil' | 'invoiceId' | 'proformaId'>;

/**
 * An issued offer is open until the end of its `validUntil` day in the tenant's time zone; from
 * the next day on it is expired, whether or not anyone has written that down yet.
 */
export function isPastValidity(offer: OfferState, today: string): boolean {
  return offer.status === 'issued' && offer.validUntil !== null && today > offer.validUntil;
}

/** The status as it is now: `expired` for an issued offer past its validity. */
export function currentStatus(offer: OfferState, today: string): DocumentStatus {
  return isPastValidity(offer, today) ? 'expired' : offer.status;
}

export type OfferDecision =
  | { kind: 'change'; to: 'accepted' | 'rejected' }
  /** Already in the state asked for: the same answer again, nothing written, nothing published. */
  | { kind: 'unchanged' }
  /** Past its validity: write `expired` (once), then refuse. */
  | { kind: 'expire'; message: string }
  | { kind: 'refuse'; message: string };

const DECIDED: Record<LinkDecision, 'accepted' | 'rejected'> = { accept: 'accepted', reject: 'rejected' };

/** What accepting or rejecting does to an offer in its current state (API and links alike). */
export function decideOffer(offer: OfferState, action: LinkDecision, today: string): OfferDecision {
  const to = DECIDED[action];
  if (isPastValidity(offer, today))
    return {
      kind: 'expire',
      message: `This offer expired after ${offer.validUntil}; it can no longer be ${to}`,
    };
  switch (offer.status) {
    case 'issued':
      return { kind: 'change', to };
    case 'accepted':
    case 'rejected':
      return offer.status === to
        ? { kind: 'unchanged' }
        : { kind: 'refuse', message: `This offer was already ${offer.status}; it can no longer be ${to}` };
    case 'expired':
      return {
        kind: 'refuse',
        message: `This offer expired after ${offer.validUntil}; it can no longer be ${to}`,
      };
    case 'draft':
      return { kind: 'refuse', message: 'Only an issued offer can be answered; issue it first' };
    case 'trashed':
      return { kind: 'refuse', message: 'This draft is in the trash; restore and issue it first' };
    default:
      return { kind: 'refuse', message: `An offer in status ${offer.status} cannot be ${to}` };
  }
}

/** Why an offer cannot be converted into a draft, or null: accepted offers convert, once. */
export function conversionRefusal(offer: OfferState): string | null {
  if (offer.status !== 'accepted')
    return offer.status === 'issued'
      ? 'Only an accepted offer converts into a draft; accept it first'
      : `An offer in status ${offer.status} cannot be converted; only accepted offers convert`;
  const into = offer.invoiceId
    ? `invoice ${offer.invoiceId}`
    : offer.proformaId
      ? `proforma ${offer.proformaId}`
      : null;
  return into ? `This offer was already converted into ${into}; an offer converts once` : null;
}
