import type {
  BuyerView,
  DeliveryStatus,
  DocumentKind,
  DocumentStatus,
  PaymentMethod,
  SellerView,
  TotalsView,
  VatCategory,
} from '@app/contracts';

/**
 * A document row as billing keeps it. Decimals stay decimal strings as PostgreSQL returns them
 * (never JS numbers); dates stay `YYYY-MM-DD` strings.
 */
export interface DocumentRecord {
  id: string;
  tenantId: string;
  kind: DocumentKind;
  status: DocumentStatus;
  name: string;
  series: string | null;
  number: number | null;
  fullNumber: string | null;
  contactId: string;
  dealId: string | null;
  buyer: BuyerView;
  /** The contact's `updatedAt` the buyer block was copied from: an older event never overwrites it. */
  buyerAsOf: Date | null;
  seller: SellerView | null;
  issueDate: string;
  dueDate: string | null;
  validUntil: string | null;
  paymentMethod: PaymentMethod;
  currency: string;
  notes: string | null;
  vatExemptionNote: string | null;
  /** Stored at issue; drafts compute theirs on every answer. */
  totals: TotalsView | null;
  reversalOf: string | null;
  reversedBy: string | null;
  proformaId: string | null;
  invoiceId: string | null;
  recurrenceId: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryTo: string[] | null;
  sentAt: Date | null;
  deliveryError: string | null;
  viewedAt: Date | null;
  issuedAt: Date | null;
  trashedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LineRecord {
  id: string;
  documentId: string;
  position: number;
  productId: string | null;
  name: string | null;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  vatCategory: VatCategory;
  /** Stored at issue. */
  net: string | null;
}

/** The content of a line, before it has an id and a place in a document. */
export type LineContent = Omit<LineRecord, 'id' | 'documentId' | 'position' | 'net'>;

export const LOCKED_MESSAGE = 'Issued documents cannot be changed; reverse it instead';
export const TRASHED_MESSAGE = 'This document is in the trash; restore it first';
