import { IsArray, IsISO8601, IsObject, IsString, IsUUID, ValidateIf } from 'class-validator';
import { IsInt, Min } from 'class-validator';
import type { DocumentKind, DocumentView } from '../rpc/billing-documents';
import type { PaymentView } from '../rpc/billing-invoices';
import type { ReceiptView } from '../rpc/billing-receipts';

/** Events billing publishes on `invoicing.events` (routing key = type). */
export const BILLING_EVENTS = {
  invoiceIssued: 'billing.invoice.issued',
  proformaIssued: 'billing.proforma.issued',
  offerIssued: 'billing.offer.issued',
  invoiceReversed: 'billing.invoice.reversed',
  invoicePaid: 'billing.invoice.paid',
  paymentRecorded: 'billing.payment.recorded',
  productsImported: 'billing.products.imported',
  proformaPaid: 'billing.proforma.paid',
  proformaConverted: 'billing.proforma.converted',
  proformaVoided: 'billing.proforma.voided',
  offerAccepted: 'billing.offer.accepted',
  offerRejected: 'billing.offer.rejected',
  offerExpired: 'billing.offer.expired',
  receiptIssued: 'billing.receipt.issued',
  documentSendRequested: 'billing.document.send-requested',
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

/**
 * `billing.invoice.reversed`, version 1: an issued (or paid) invoice was cancelled by a storno.
 * `storno` is the storno invoice as the API answers it (negative quantities and totals,
 * `reversalOf` = `invoiceId`). The storno is also published as `billing.invoice.issued`, like every
 * issued invoice, so a subscriber that renders or files invoices needs nothing else.
 */
export class InvoiceReversedV1 {
  @IsUUID() invoiceId!: string;
  @IsObject() storno!: DocumentView;
}

/**
 * `billing.invoice.paid`, version 1: the payments recorded on the invoice now cover it (nothing is
 * due). Published once per invoice. `paidAt` is the instant the last payment was recorded (the
 * payment's own day is in `billing.payment.recorded`).
 */
export class DocumentPaidV1 {
  @IsUUID() documentId!: string;
  @IsISO8601({ strict: true }) paidAt!: string;
}

/** `billing.payment.recorded`, version 1: one payment, published once for every payment recorded. */
export class PaymentRecordedV1 {
  @IsUUID() invoiceId!: string;
  @IsObject() payment!: PaymentView;
}

/**
 * `billing.products.imported`, version 1: a product import committed; `created` and `updated`
 * count the products it wrote. Published once per import that wrote (never for a dry run or a
 * failed import, which write nothing).
 */
export class ProductsImportedV1 {
  @IsUUID() importId!: string;
  @IsInt() @Min(0) created!: number;
  @IsInt() @Min(0) updated!: number;
}

/**
 * `billing.receipt.issued`, version 1: a cash receipt was issued on an invoice, numbered in the
 * receipt series, with the cash payment it records (also published as `billing.payment.recorded`).
 * `receipt` is the receipt as `GET /receipts/{id}` answers it. Published once per receipt.
 */
export class ReceiptIssuedV1 {
  @IsObject() receipt!: ReceiptView;
}

/**
 * `billing.document.send-requested`, version 1: a user asked to email an issued document again
 * (POST /{kind}/{id}/send). `document` is the document as the API answers it (its delivery
 * `queued`); `to` the addresses asked for, null for the buyer's email; `requestId` identifies this
 * request: documents sends one email per request id, and answers with `documents.email.sent` or
 * `documents.email.failed` carrying the same `requestId`.
 */
export class DocumentSendRequestedV1 {
  @IsObject() document!: DocumentView;
  @ValidateIf((_object: object, value: unknown) => value !== null)
  @IsArray()
  @IsString({ each: true })
  to!: string[] | null;
  @IsUUID() requestId!: string;
}

/**
 * `billing.proforma.converted`, version 1: a paid proforma became its final fiscal invoice
 * (mark-paid with `generateInvoice`). The invoice is also published as `billing.invoice.issued`,
 * `billing.payment.recorded` and `billing.invoice.paid`. Published at most once per proforma.
 */
export class ProformaConvertedV1 {
  @IsUUID() proformaId!: string;
  @IsUUID() invoiceId!: string;
}

/**
 * `billing.proforma.voided`, `billing.offer.accepted`, `billing.offer.rejected`,
 * `billing.offer.expired`, version 1: the document's status changed to the one the type names
 * (GET it for the rest). Published once per document and status.
 */
export class DocumentStatusChangedV1 {
  @IsUUID() documentId!: string;
}

export interface BillingEventMap {
  'billing.invoice.issued': { version: 1; data: DocumentIssuedV1 };
  'billing.proforma.issued': { version: 1; data: DocumentIssuedV1 };
  'billing.offer.issued': { version: 1; data: DocumentIssuedV1 };
  'billing.invoice.reversed': { version: 1; data: InvoiceReversedV1 };
  'billing.invoice.paid': { version: 1; data: DocumentPaidV1 };
  'billing.payment.recorded': { version: 1; data: PaymentRecordedV1 };
  'billing.products.imported': { version: 1; data: ProductsImportedV1 };
  'billing.proforma.paid': { version: 1; data: DocumentPaidV1 };
  'billing.proforma.converted': { version: 1; data: ProformaConvertedV1 };
  'billing.proforma.voided': { version: 1; data: DocumentStatusChangedV1 };
  'billing.offer.accepted': { version: 1; data: DocumentStatusChangedV1 };
  'billing.offer.rejected': { version: 1; data: DocumentStatusChangedV1 };
  'billing.offer.expired': { version: 1; data: DocumentStatusChangedV1 };
  'billing.receipt.issued': { version: 1; data: ReceiptIssuedV1 };
  'billing.document.send-requested': { version: 1; data: DocumentSendRequestedV1 };
}

/** The payload class of every billing event and version, for subscribers that validate what they receive. */
export const BILLING_EVENT_PAYLOADS = {
  'billing.invoice.issued': { 1: DocumentIssuedV1 },
  'billing.proforma.issued': { 1: DocumentIssuedV1 },
  'billing.offer.issued': { 1: DocumentIssuedV1 },
  'billing.invoice.reversed': { 1: InvoiceReversedV1 },
  'billing.invoice.paid': { 1: DocumentPaidV1 },
  'billing.payment.recorded': { 1: PaymentRecordedV1 },
  'billing.products.imported': { 1: ProductsImportedV1 },
  'billing.proforma.paid': { 1: DocumentPaidV1 },
  'billing.proforma.converted': { 1: ProformaConvertedV1 },
  'billing.proforma.voided': { 1: DocumentStatusChangedV1 },
  'billing.offer.accepted': { 1: DocumentStatusChangedV1 },
  'billing.offer.rejected': { 1: DocumentStatusChangedV1 },
  'billing.offer.expired': { 1: DocumentStatusChangedV1 },
  'billing.receipt.issued': { 1: ReceiptIssuedV1 },
  'billing.document.send-requested': { 1: DocumentSendRequestedV1 },
} as const satisfies {
  [T in keyof BillingEventMap]: Record<BillingEventMap[T]['version'], new () => object>;
};
