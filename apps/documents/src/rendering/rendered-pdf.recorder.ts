import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, Outbox } from '@app/platform';
import { FileStorage } from '../storage/file-storage';
import { type RenderedFile, RenderedFilesRepository } from './rendered-files.repository';

export interface StoredPdf {
  file: RenderedFile;
  /** The bytes when they were just rendered (saves reading them back). */
  bytes: Buffer | null;
}

/**
 * Stores a PDF just rendered (an issued document's or a receipt's) and records it with its
 * `documents.pdf.rendered` event, in the caller's transaction. The file is written before the
 * commit under a key that includes its hash: a rolled-back or losing concurrent rendering leaves
 * an unreferenced file, never overwrites the recorded one, and publishes nothing.
 */
@Injectable()
export class RenderedPdfRecorder {
  constructor(
    private readonly storage: FileStorage,
    private readonly files: RenderedFilesRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The recorded file: this one, or the one recorded first (with these bytes only if the same). */
  async record(manager: EntityManager, file: RenderedFile, bytes: Buffer): Promise<StoredPdf> {
    await this.storage.put(file.storageKey, bytes);
    const rendered = this.outbox.envelope(file.tenantId, 'documents.pdf.rendered', {
      documentId: file.documentId,
      kind: file.kind,
      sha256: file.sha256,
      bytes: file.bytes,
    });
    if (!(await this.files.insert(manager, file, this.clock.now(), rendered))) {
      const winner = await this.files.find(manager, file.tenantId, file.documentId);
      if (!winner)
        throw new Error(`Rendered file of ${file.kind} ${file.documentId} neither inserted nor found`);
      return { file: winner, bytes: winner.sha256 === file.sha256 ? bytes : null };
    }
    this.outbox.written();
    return { file, bytes };
  }
}
