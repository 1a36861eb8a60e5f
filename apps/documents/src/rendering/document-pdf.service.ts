import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DocumentView, Language, SellerView, SettingsView } from '@app/contracts';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { FileStorage } from '../storage/file-storage';
import { type RenderedFile, RenderedFilesRepository } from './rendered-files.repository';
import { RenderedPdfRecorder, type StoredPdf } from './rendered-pdf.recorder';

/**
 * Labels' language for every document until billing carries the tenant's `language` setting in
 * the document (DocumentView has none yet). Romanian: the reference market.
 */
export const DOCUMENT_LANGUAGE: Language = 'ro';

/** Issued (numbered, locked): rendered once and stored. Drafts and trashed drafts are previews. */
export function isIssued(document: DocumentView): boolean {
  return document.fullNumber !== null && document.status !== 'draft' && document.status !== 'trashed';
}

/** `INV-0042.pdf`; only safe characters reach a file name or a Content-Disposition header. */
export function pdfFileName(document: DocumentView): string {
  if (!isIssued(document) || !document.fullNumber) return 'draft.pdf';
  return `${document.fullNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/** A draft prints the tenant's current company details (it has no seller snapshot yet). */
export function sellerFromSettings(settings: SettingsView): SellerView {
  return { ...settings.company, vatRegistered: settings.vatRegistered };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface StoreOptions {
  /**
   * False when the file is almost surely not there yet (the document was just issued): the insert
   * finds out anyway (a file recorded first stays), and the usual case saves a query.
   */
  lookFirst?: boolean;
}

/** Renders issued documents once, stores the file and records it; serves the stored file after. */
@Injectable()
export class DocumentPdfService {
  constructor(
    private readonly renderer: PdfRenderer,
    private readonly storage: FileStorage,
    private readonly files: RenderedFilesRepository,
    private readonly recorder: RenderedPdfRecorder,
  ) {}

  find(manager: EntityManager, tenantId: string, documentId: string): Promise<RenderedFile | null> {
    return this.files.find(manager, tenantId, documentId);
  }

  async read(file: RenderedFile): Promise<Buffer> {
    const bytes = await this.storage.get(file.storageKey);
    if (!bytes) throw new Error(`Stored file ${file.storageKey} is missing`);
    return bytes;
  }

  /**
   * The stored PDF of an issued document, rendered and recorded now if it is not yet, in the
   * caller's transaction, with `documents.pdf.rendered` (see RenderedPdfRecorder).
   */
  async ensureStored(
    manager: EntityManager,
    tenantId: string,
    document: DocumentView,
    { lookFirst = true }: StoreOptions = {},
  ): Promise<StoredPdf> {
    if (lookFirst) {
      const existing = await this.files.find(manager, tenantId, document.id);
      if (existing) return { file: existing, bytes: null };
    }
    const seller = document.seller;
    if (!seller) throw new Error(`Issued ${document.kind} ${document.id} has no seller snapshot`);
    const bytes = await this.renderer.renderDocument(document, seller, {
      language: DOCUMENT_LANGUAGE,
      preview: false,
    });
    const hash = sha256(bytes);
    const file: RenderedFile = {
      tenantId,
      documentId: document.id,
      kind: document.kind,
      format: 'pdf',
      fileName: pdfFileName(document),
      sha256: hash,
      bytes: bytes.length,
      storageKey: `${tenantId}/${document.kind}/${document.id}-${hash.slice(0, 16)}.pdf`,
    };
    return this.recorder.record(manager, file, bytes);
  }

  renderPreview(document: DocumentView, seller: SellerView): Promise<Buffer> {
    return this.renderer.renderDocument(document, seller, { language: DOCUMENT_LANGUAGE, preview: true });
  }
}
