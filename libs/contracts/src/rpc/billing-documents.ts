import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Address, Page } from '../common';
import type { ContactType } from './crm';
import { UNIT_PRICE_PATTERN } from './billing-products';
import { PAYMENT_METHODS, type CompanyView, type PaymentMethod, VAT_RATE_PATTERN } from './billing-settings';
import type { TotalsView, VatCategory } from './billing-totals';

/**
 * Documents: invoices, proformas and offers (API.md, "Documents"). The same calls serve the three
 * kinds; the gateway maps `/invoices`, `/proformas` and `/offers` to `kind`.
 *
 * No request class here has a `number`, `series` or `fullNumber` field: numbers are assigned by
 * billing at issue and by nothing else, so a request carrying one is refused as an unknown field.
 */
export const DOCUMENT_KINDS = ['invoice', 'proforma', 'offer'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_STATUSES = [
  'draft',
  'issued',
  'paid',
  'reversed',
  'voided',
  'accepted',
  'rejected',
  'expired',
  'trashed',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DELIVERY_STATUSES = ['not_sent', 'queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A calendar date `YYYY-MM-DD` (checked for being a real day by billing). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A line quantity: up to 15 integer digits and 4 decimals; negative for stornos and discounts. */
export const QUANTITY_PATTERN = /^-?\d{1,15}(\.\d{1,4})?$/;

/** Most lines one document may carry (the `scale` benchmark uses 1,000). */
export const MAX_DOCUMENT_LINES = 2000;

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
const IsDate = (field: string) =>
  Matches(DATE_PATTERN, { message: `${field} must be a date such as "2026-11-26"` });

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/** The buyer block, copied from the crm contact (refreshed on drafts, frozen at issue). */
export interface BuyerView {
  type: ContactType;
  name: string;
  vatId: string | null;
  registrationNumber: string | null;
  email: string | null;
  address: Address;
}

/** The seller block: the tenant's company details and VAT status as they were at issue. */
export interface SellerView extends CompanyView {
  vatRegistered: boolean;
}

export interface DocumentLineView {
  id: string;
  productId: string | null;
  name: string | null;
  unit: string | null;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  vatCategory: VatCategory;
  /** round(quantity × unitPrice, 2). */
  net: string;
}

export interface DeliveryView {
  status: DeliveryStatus;
  /** Addresses asked for ("issue and send" with `to`); null: the buyer's email. */
  to: string[] | null;
  sentAt: string | null;
  error: string | null;
}

/** GET /{kind}/{id} and every answer that returns a document, with fresh totals. */
export interface DocumentView {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  name: string;
  /** The series prefix, number and printed number: null until issued. */
  series: string | null;
  number: number | null;
  fullNumber: string | null;
  contactId: string;
  dealId: string | null;
  buyer: BuyerView;
  /** Snapshot of the seller once issued; null on drafts (they print the current settings). */
  seller: SellerView | null;
  issueDate: string;
  dueDate: string | null;
  /** Offers only. */
  validUntil: string | null;
  paymentMethod: PaymentMethod;
  currency: string;
  notes: string | null;
  /** The tenant's VAT exemption note when any line is VAT exempt (printed with the VAT breakdown). */
  vatExemptionNote: string | null;
  lines: DocumentLineView[];
  totals: TotalsView;
  reversalOf: string | null;
  reversedBy: string | null;
  proformaId: string | null;
  invoiceId: string | null;
  recurrenceId: string | null;
  delivery: DeliveryView;
  viewedAt: string | null;
  issuedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// HTTP bodies and queries (validated at the gateway and again in billing)
// ---------------------------------------------------------------------------------------------

/** A line: from the catalogue (`productId`; the other fields override it) or new. */
export class LineInputDto {
  @IsOptional() @IsUUID() productId?: string | null;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(500) name?: string;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(20) unit?: string;
  @IsString()
  @Matches(QUANTITY_PATTERN, {
    message: 'quantity must be a decimal string with up to 4 decimals, such as "2.5"',
  })
  quantity!: string;
  @NotNullIfPresent()
  @IsString()
  @Matches(UNIT_PRICE_PATTERN, {
    message: 'unitPrice must be a non-negative decimal string with up to 4 decimals, such as "12.50"',
  })
  unitPrice?: string;
  @NotNullIfPresent()
  @IsString()
  @Matches(VAT_RATE_PATTERN, { message: 'vatRate must be a decimal string such as "21"' })
  vatRate?: string;
  /** A new line is saved to the catalogue (matched by name, ignoring case) unless this is false. */
  @NotNullIfPresent() @IsBoolean() saveToCatalogue?: boolean;
}

/** PATCH of a line: any part of LineInput. Only `saveToCatalogue: true` saves it to the catalogue. */
export class LinePatchDto {
  @IsOptional() @IsUUID() productId?: string | null;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(500) name?: string;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(20) unit?: string;
  @NotNullIfPresent()
  @IsString()
  @Matches(QUANTITY_PATTERN, {
    message: 'quantity must be a decimal string with up to 4 decimals, such as "2.5"',
  })
  quantity?: string;
  @NotNullIfPresent()
  @IsString()
  @Matches(UNIT_PRICE_PATTERN, {
    message: 'unitPrice must be a non-negative decimal string with up to 4 decimals, such as "12.50"',
  })
  unitPrice?: string;
  @NotNullIfPresent()
  @IsString()
  @Matches(VAT_RATE_PATTERN, { message: 'vatRate must be a decimal string such as "21"' })
  vatRate?: string;
  @NotNullIfPresent() @IsBoolean() saveToCatalogue?: boolean;
}

/** POST /{kind}. Left-out fields take the tenant's defaults. */
export class CreateDocumentDto {
  @IsUUID() contactId!: string;
  @IsOptional() @IsUUID() dealId?: string | null;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(300) name?: string;
  @NotNullIfPresent() @IsString() @IsDate('issueDate') issueDate?: string;
  @NotNullIfPresent() @IsString() @IsDate('dueDate') dueDate?: string;
  /** Offers only. */
  @NotNullIfPresent() @IsString() @IsDate('validUntil') validUntil?: string;
  @NotNullIfPresent() @IsIn(PAYMENT_METHODS) paymentMethod?: PaymentMethod;
  @NotNullIfPresent()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' })
  currency?: string;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
  @NotNullIfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  @Type(() => LineInputDto)
  lines?: LineInputDto[];
}

/**
 * PATCH /{kind}/{id}: any of the create fields but `contactId`. `lines`, when given, replaces every
 * line. Once issued, only `name` may change; anything else answers 409.
 */
export class UpdateDocumentDto {
  @IsOptional() @IsUUID() dealId?: string | null;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(300) name?: string;
  @NotNullIfPresent() @IsString() @IsDate('issueDate') issueDate?: string;
  @NotNullIfPresent() @IsString() @IsDate('dueDate') dueDate?: string;
  @NotNullIfPresent() @IsString() @IsDate('validUntil') validUntil?: string;
  @NotNullIfPresent() @IsIn(PAYMENT_METHODS) paymentMethod?: PaymentMethod;
  @NotNullIfPresent()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' })
  currency?: string;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
  @NotNullIfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_DOCUMENT_LINES)
  @ValidateNested({ each: true })
  @Type(() => LineInputDto)
  lines?: LineInputDto[];
}

/** POST /{kind}/{id}/issue. `send` queues the PDF by email to the buyer, or to `to`. */
export class IssueDocumentDto {
  @NotNullIfPresent() @IsBoolean() send?: boolean;
  @NotNullIfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  to?: string[];
}

/** GET /{kind}: newest first; trashed drafts only with `status=trashed`. */
export class ListDocumentsQuery {
  @IsOptional() @IsIn(DOCUMENT_STATUSES) status?: DocumentStatus;
  @IsOptional() @IsUUID() contactId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

// ---------------------------------------------------------------------------------------------
// RPC requests: the HTTP body plus the kind and ids from the path
// ---------------------------------------------------------------------------------------------

export class DocumentRef {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsUUID() id!: string;
}

export class LineRef extends DocumentRef {
  @IsUUID() lineId!: string;
}

export class CreateDocumentRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsObject() @ValidateNested() @Type(() => CreateDocumentDto) document!: CreateDocumentDto;
}

export class ListDocumentsRequest extends ListDocumentsQuery {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
}

export class UpdateDocumentRequest extends DocumentRef {
  @IsObject() @ValidateNested() @Type(() => UpdateDocumentDto) changes!: UpdateDocumentDto;
}

export class AddLineRequest extends DocumentRef {
  @IsObject() @ValidateNested() @Type(() => LineInputDto) line!: LineInputDto;
}

export class UpdateLineRequest extends LineRef {
  @IsObject() @ValidateNested() @Type(() => LinePatchDto) changes!: LinePatchDto;
}

export class IssueDocumentRequest extends DocumentRef {
  @IsObject() @ValidateNested() @Type(() => IssueDocumentDto) options!: IssueDocumentDto;
}

export const BILLING_DOCUMENTS_RPC = {
  create: 'billing.documents.create',
  list: 'billing.documents.list',
  get: 'billing.documents.get',
  update: 'billing.documents.update',
  addLine: 'billing.documents.lines.add',
  updateLine: 'billing.documents.lines.update',
  removeLine: 'billing.documents.lines.remove',
  issue: 'billing.documents.issue',
  copy: 'billing.documents.copy',
  trash: 'billing.documents.trash',
  restore: 'billing.documents.restore',
} as const;

export interface BillingDocumentsRpcMap {
  'billing.documents.create': { request: CreateDocumentRequest; response: DocumentView };
  'billing.documents.list': { request: ListDocumentsRequest; response: Page<DocumentView> };
  'billing.documents.get': { request: DocumentRef; response: DocumentView };
  'billing.documents.update': { request: UpdateDocumentRequest; response: DocumentView };
  'billing.documents.lines.add': { request: AddLineRequest; response: DocumentView };
  'billing.documents.lines.update': { request: UpdateLineRequest; response: DocumentView };
  'billing.documents.lines.remove': { request: LineRef; response: DocumentView };
  'billing.documents.issue': { request: IssueDocumentRequest; response: DocumentView };
  'billing.documents.copy': { request: DocumentRef; response: DocumentView };
  'billing.documents.trash': { request: DocumentRef; response: { trashed: true } };
  'billing.documents.restore': { request: DocumentRef; response: DocumentView };
}
