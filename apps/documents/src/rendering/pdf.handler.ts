import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GetPdfRequest, type PdfFileView, type RpcCaller } from '@app/contracts';
import { RpcClient, RpcHandler } from '@app/platform';
import {
  DocumentPdfService,
  isIssued,
  pdfFileName,
  sellerFromSettings,
  sha256,
} from './document-pdf.service';

/**
 * `documents.pdf.get`: the stored PDF of an issued document; else billing is asked for the
 * document (its answer decides tenancy: another tenant's id is billing's 404). An issued document
 * whose event has not been consumed yet is rendered, stored and recorded now, exactly as the event
 * would have; a draft is rendered as a watermarked preview and not stored.
 */
@Injectable()
export class PdfHandler {
  constructor(
    private readonly pdfs: DocumentPdfService,
    private readonly rpc: RpcClient,
    private readonly dataSource: DataSource,
  ) {}

  @RpcHandler('documents.pdf.get', GetPdfRequest)
  async get(request: GetPdfRequest, caller: RpcCaller): Promise<PdfFileView> {
    const stored = await this.pdfs.find(this.dataSource.manager, caller.tenantId, request.id);
    if (stored && stored.kind === request.kind) {
      const bytes = await this.pdfs.read(stored);
      return view(stored.fileName, false, bytes);
    }
    const document = await this.rpc.send(
      'billing.documents.get',
      { kind: request.kind, id: request.id },
      caller,
    );
    if (isIssued(document)) {
      const { file, bytes } = await this.dataSource.transaction((manager) =>
        this.pdfs.ensureStored(manager, caller.tenantId, document),
      );
      return view(file.fileName, false, bytes ?? (await this.pdfs.read(file)));
    }
    const seller =
      document.seller ?? sellerFromSettings(await this.rpc.send('billing.settings.get', {}, caller));
    return view(pdfFileName(document), true, await this.pdfs.renderPreview(document, seller));
  }
}

function view(fileName: string, preview: boolean, bytes: Buffer): PdfFileView {
  return {
    fileName,
    contentType: 'application/pdf',
    preview,
    sha256: sha256(bytes),
    bytes: bytes.length,
    base64: bytes.toString('base64'),
  };
}
