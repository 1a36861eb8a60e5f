import { IsObject } from 'class-validator';
import type { DocumentKind, DocumentView } from '../rpc/billing-documents';

/** Events billing publishes on `invoicing.events` (routing key = type). */
export const BILLING_EVENTS = {
  invoiceIssued: 'billing.invoice.issued',
  proformaIssued: 'billing.proforma.issued',
  offerIssued: 'billing.offer.issued',
} as const;

/** The "issued" event of each document kind. */
export const DOCUMENT_ISSUED_EVENT = {
  invoice: 'billing.invoice.issued',
  proforma: 'billing.proforma.issued',
  offer: 'billing.offer.issued',
} as const satisfies Record<DocumentKind, string>;

/**
 * `billing.invoice.issued`, `billing.proforma.issued`, `billing.offer.issued`, version 1: the
 * document exactly as `GET /{kind}/{id}` answers it right after issue (status `issued`, its
 * number, the seller and buyer snapshots and the totals), so a subscriber never has to ask back.
 * Published once per issued document, only when the issue committed.
 */
export class DocumentIssuedV1 {
  @IsObject() document!: DocumentView;
}

export interface BillingEventMap {
  'billing.invoice.issued': { version: 1; data: DocumentIssuedV1 };
  'billing.proforma.issued': { version: 1; data: DocumentIssuedV1 };
  'billing.offer.issued': { version: 1; data: DocumentIssuedV1 };
}

/** The payload class of every billing event and version, for subscribers that validate what they receive. */
export const BILLING_EVENT_PAYLOADS = {
  'billing.invoice.issued': { 1: DocumentIssuedV1 },
  'billing.proforma.issued': { 1: DocumentIssuedV1 },
  'billing.offer.issued': { 1: DocumentIssuedV1 },
} as const satisfies {
  [T in keyof BillingEventMap]: Record<BillingEventMap[T]['version'], new () => object>;
};
