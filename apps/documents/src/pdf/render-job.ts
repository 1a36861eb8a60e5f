import type { DocumentView, Language, ReceiptView, SellerView } from '@app/contracts';
import { receiptLayout } from '../receipts/receipt.layout';
import { documentLayout, type LayoutOptions } from './document.layout';
import type { DocDefinition } from './pdf-engine';

/**
 * What crosses to a render worker: plain data (the document, not its pdfmake definition, which
 * holds functions such as the "page x of y" footer and cannot be copied between threads). The
 * worker builds the definition with the same pure layout function.
 */
export interface DocumentRenderJob {
  layout: 'document';
  document: DocumentView;
  seller: SellerView;
  options: LayoutOptions;
}

/** A cash receipt (its own layout: no lines, the amount in words). */
export interface ReceiptRenderJob {
  layout: 'receipt';
  receipt: ReceiptView;
  language: Language;
}

export type RenderJob = DocumentRenderJob | ReceiptRenderJob;

export function definitionFor(job: RenderJob): DocDefinition {
  switch (job.layout) {
    case 'document':
      return documentLayout(job.document, job.seller, job.options);
    case 'receipt':
      return receiptLayout(job.receipt, job.language);
  }
}

export interface RenderRequest {
  id: number;
  job: RenderJob;
}

export type RenderReply =
  { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; error: string };
