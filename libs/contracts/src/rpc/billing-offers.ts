import { Type } from 'class-transformer';
import { IsIn, IsObject, IsUUID, ValidateNested } from 'class-validator';
import type { DocumentView } from './billing-documents';

/**
 * Calls only offers have (API.md, "Offers only"): accept, reject, and convert an accepted offer
 * into a draft invoice or proforma. An issued offer whose `validUntil` has passed (in the tenant's
 * time zone) is `expired` and can no longer be accepted or rejected.
 */

export const OFFER_CONVERSION_TARGETS = ['invoice', 'proforma'] as const;
export type OfferConversionTarget = (typeof OFFER_CONVERSION_TARGETS)[number];

/** POST /offers/{id}/convert. */
export class ConvertOfferDto {
  @IsIn(OFFER_CONVERSION_TARGETS) to!: OfferConversionTarget;
}

export class OfferRef {
  @IsUUID() id!: string;
}

export class ConvertOfferRequest extends OfferRef {
  @IsObject() @ValidateNested() @Type(() => ConvertOfferDto) options!: ConvertOfferDto;
}

export const BILLING_OFFERS_RPC = {
  accept: 'billing.offers.accept',
  reject: 'billing.offers.reject',
  convert: 'billing.offers.convert',
} as const;

export interface BillingOffersRpcMap {
  /** The offer, `accepted`; again: the same answer and nothing published twice. */
  'billing.offers.accept': { request: OfferRef; response: DocumentView };
  /** The offer, `rejected`; again: the same answer and nothing published twice. */
  'billing.offers.reject': { request: OfferRef; response: DocumentView };
  /**
   * The new draft (same contact, lines, currency and payment method), linked from the offer by its
   * `invoiceId` or `proformaId`. An offer converts once: a second conversion answers 409.
   */
  'billing.offers.convert': { request: ConvertOfferRequest; response: DocumentView };
}
