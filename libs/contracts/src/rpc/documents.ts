import { IsIn, IsUUID } from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind } from './billing-documents';

/**
 * Queries the documents service answers (rendered files). Issued documents are rendered once and
 * served as stored; drafts are rendered as a preview with a DRAFT watermark and never stored.
 */
export const DOCUMENTS_RPC = {
  pdfGet: 'documents.pdf.get',
} as const;

/** `documents.pdf.get`: the PDF of one invoice, proforma or offer of the caller's tenant. */
export class GetPdfRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
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

export interface DocumentsRpcMap {
  'documents.pdf.get': { request: GetPdfRequest; response: PdfFileView };
}
