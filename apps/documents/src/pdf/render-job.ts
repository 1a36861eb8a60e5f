import type { DocumentView, SellerView } from '@app/contracts';
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

export type RenderJob = DocumentRenderJob;

export function definitionFor(job: RenderJob): DocDefinition {
  switch (job.layout) {
    case 'document':
      return documentLayout(job.document, job.seller, job.options);
  }
}

export interface RenderRequest {
  id: number;
  job: RenderJob;
}

export type RenderReply =
  { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; error: string };
