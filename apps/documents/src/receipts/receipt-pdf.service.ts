import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReceiptView } from '@app/contracts';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { DOCUMENT_LANGUAGE, sha256 } from '../rendering/document-pdf.service';
import { type RenderedFile, RenderedFilesRepository } from '../rendering/rendered-files.repository';
import { RenderedPdfRecorder, type StoredPdf } from '../rendering/rendered-pdf.recorder';
import { FileStorage } from '../storage/file-storage';

/** `RCP-0001.pdf`; only safe characters reach a file name or a Content-Disposition header. */
export const receiptFileName = (receipt: Pick<ReceiptView, 'fullNumber'>): string =>
  `${receipt.fullNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;

/**
 * Receipts are rendered once, stored and recorded, like issued documents (the same table, kind
 * `receipt`): the same receipt always gives the same file.
 */
@Injectable()
export class ReceiptPdfService {
  constructor(
    private readonly renderer: PdfRenderer,
    private readonly storage: FileStorage,
    private readonly files: RenderedFilesRepository,
    private readonly recorder: RenderedPdfRecorder,
  ) {}

  find(manager: EntityManager, tenantId: string, receiptId: string): Promise<RenderedFile | null> {
    return this.files.find(manager, tenantId, receiptId);
  }

  async read(file: RenderedFile): Promise<Buffer> {
    const bytes = await this.storage.get(file.storageKey);
    if (!bytes) throw new Error(`Stored file ${file.storageKey} is missing`);
    return bytes;
  }

  /** The stored bytes, or null when the record exists but the file does not (yet) in this store. */
  readIfPresent(file: RenderedFile): Promise<Buffer | null> {
    return this.storage.get(file.storageKey);
  }

  /**
   * Puts back a recorded file missing from this store: rendering is deterministic, so the receipt
   * renders to the very bytes recorded, which is checked before they are stored or served.
   */
  async restore(file: RenderedFile, receipt: ReceiptView): Promise<Buffer> {
    const bytes = await this.renderer.renderReceipt(receipt, DOCUMENT_LANGUAGE);
    if (sha256(bytes) !== file.sha256)
      throw new Error(`Receipt ${receipt.id} no longer renders to its recorded file ${file.storageKey}`);
    await this.storage.put(file.storageKey, bytes);
    return bytes;
  }

  /**
   * The stored PDF of the receipt, rendered and recorded now if it is not yet, in the caller's
   * transaction, with `documents.pdf.rendered` (see RenderedPdfRecorder).
   */
  async ensureStored(manager: EntityManager, tenantId: string, receipt: ReceiptView): Promise<StoredPdf> {
    const existing = await this.files.find(manager, tenantId, receipt.id);
    if (existing) return { file: existing, bytes: null };
    const bytes = await this.renderer.renderReceipt(receipt, DOCUMENT_LANGUAGE);
    const hash = sha256(bytes);
    const file: RenderedFile = {
      tenantId,
      documentId: receipt.id,
      kind: 'receipt',
      format: 'pdf',
      fileName: receiptFileName(receipt),
      sha256: hash,
      bytes: bytes.length,
      storageKey: `${tenantId}/receipt/${receipt.id}-${hash.slice(0, 16)}.pdf`,
    };
    return this.recorder.record(manager, file, bytes);
  }
}
