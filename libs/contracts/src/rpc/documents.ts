import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from './billing-documents';

/**
 * Queries the documents service answers (rendered files). Issued documents are rendered once and
 * served as stored; drafts are rendered as a preview with a DRAFT watermark and never stored.
 */
export const DOCUMENTS_RPC = {
  pdfGet: 'documents.pdf.get',
  receiptPdfGet: 'documents.receipts.pdf.get',
  ublGet: 'documents.ubl.get',
  einvoiceStatus: 'documents.einvoice.status',
  optionsGet: 'documents.options.get',
  optionsUpdate: 'documents.options.update',
} as const;

/** `documents.pdf.get`: the PDF of one invoice, proforma or offer of the caller's tenant. */
export class GetPdfRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsUUID() id!: string;
}

/**
 * `documents.receipts.pdf.get`: the PDF of one receipt of the caller's tenant, rendered once (from
 * `billing.receipt.issued`, or now if that event is not consumed yet) and served as stored.
 */
export class GetReceiptPdfRequest {
  @IsUUID() id!: string;
}

/**
 * A rendered PDF. The bytes travel base64-encoded inside the JSON reply (a third larger than the
 * file: about 25 KB for a one-page invoice, 80 KB for five pages, well under the broker's limits).
 */
export interface PdfFileView {
  /** `<fullNumber>.pdf` for issued documents, `draft.pdf` for previews. */
  fileName: string;
  contentType: 'application/pdf';
  /** True for a draft's preview (watermarked, not stored). */
  preview: boolean;
  sha256: string;
  bytes: number;
  base64: string;
}

/**
 * `documents.ubl.get`: the UBL 2.1 XML (EN 16931; CIUS-RO for a Romanian seller) of an issued
 * invoice or storno, built once from the issued document and served as stored. `kind` defaults to
 * `invoice`; a proforma, an offer or a draft answers CONFLICT; a document the builder refuses
 * (such as a Bucharest address without a sector) answers UNPROCESSABLE with every problem.
 */
export class GetUblRequest {
  @IsOptional() @IsIn(DOCUMENT_KINDS) kind?: DocumentKind;
  @IsUUID() id!: string;
}

export interface UblFileView {
  /** `<fullNumber>.xml`. */
  fileName: string;
  contentType: 'application/xml';
  sha256: string;
  bytes: number;
  /** The XML, UTF-8. */
  xml: string;
}

/**
 * Where an invoice's e-invoice stands on the national platform (Romania: RO e-Factura).
 * `not_submitted`: no platform configured (EINVOICE_PLATFORM=none), not a Romanian seller, or its
 * XML could not be built.
 */
export const EINVOICE_STATUSES = [
  'not_submitted',
  'pending',
  'uploaded',
  'accepted',
  'rejected',
  'failed',
] as const;
export type EinvoiceStatus = (typeof EINVOICE_STATUSES)[number];

/** `documents.einvoice.status`: the submission status of one invoice or storno of the caller's tenant. */
export class GetEinvoiceStatusRequest {
  @IsUUID() id!: string;
}

export interface EinvoiceStatusView {
  documentId: string;
  status: EinvoiceStatus;
  /** The platform's name (`fake` in tests), null when not submitted. */
  platform: string | null;
  /** The platform's id of the upload (ANAF: `index_incarcare`). */
  uploadId: string | null;
  /** The platform's errors for a rejected invoice, the last transport error for a failed one. */
  errors: string[];
  /** Last day to upload (5 working days after the issue date in Romania). */
  deadline: string | null;
  /** Open and past its deadline: someone must look. */
  overdue: boolean;
}

/** Per-tenant options of the documents service (`documents.options.get` / `.update`, admin). */
export interface DocumentsOptionsView {
  /** Attach `<fullNumber>.xml` (UBL) to invoice emails, next to the PDF. Default false. */
  attachUbl: boolean;
}

export class UpdateDocumentsOptionsRequest {
  @IsBoolean() attachUbl!: boolean;
}

export interface DocumentsRpcMap {
  'documents.pdf.get': { request: GetPdfRequest; response: PdfFileView };
  'documents.receipts.pdf.get': { request: GetReceiptPdfRequest; response: PdfFileView };
  'documents.ubl.get': { request: GetUblRequest; response: UblFileView };
  'documents.einvoice.status': { request: GetEinvoiceStatusRequest; response: EinvoiceStatusView };
  'documents.options.get': { request: Record<string, never>; response: DocumentsOptionsView };
  'documents.options.update': { request: UpdateDocumentsOptionsRequest; response: DocumentsOptionsView };
}
