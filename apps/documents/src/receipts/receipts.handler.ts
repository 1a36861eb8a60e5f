import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type EventEnvelope,
  GetReceiptPdfRequest,
  type PdfFileView,
  type ReceiptIssuedV1,
  type RpcCaller,
} from '@app/contracts';
import { EventHandler, RpcClient, RpcHandler } from '@app/platform';
import { sha256 } from '../rendering/document-pdf.service';
import { ReceiptPdfService } from './receipt-pdf.service';

type ReceiptIssuedEvent = EventEnvelope<string, ReceiptIssuedV1>;

/**
 * Receipts: rendered and stored when billing publishes `billing.receipt.issued` (in the inbox's
 * transaction: a redelivered event changes nothing), and served by `documents.receipts.pdf.get`.
 * A receipt whose event is not consumed yet is fetched from billing (whose answer decides tenancy:
 * another tenant's id is billing's 404) and rendered now, exactly as the event would have.
 */
@Injectable()
export class ReceiptsHandler {
  private readonly logger = new Logger('Receipts');

  constructor(
    private readonly pdfs: ReceiptPdfService,
    private readonly rpc: RpcClient,
    private readonly dataSource: DataSource,
  ) {}

  @EventHandler('billing.receipt.issued')
  async receiptIssued(event: ReceiptIssuedEvent, manager: EntityManager): Promise<void> {
    const receipt = event.data?.receipt;
    if (!receipt || typeof receipt.id !== 'string' || !receipt.fullNumber || !receipt.seller)
      throw new Error(`${event.type} ${event.id} carries no issued receipt`);
    await this.pdfs.ensureStored(manager, event.tenantId, receipt);
    this.logger.log(`${receipt.fullNumber} rendered`);
  }

  @RpcHandler('documents.receipts.pdf.get', GetReceiptPdfRequest)
  async pdf(request: GetReceiptPdfRequest, caller: RpcCaller): Promise<PdfFileView> {
    const stored = await this.pdfs.find(this.dataSource.manager, caller.tenantId, request.id);
    if (stored && stored.kind === 'receipt') {
      const bytes = await this.pdfs.readIfPresent(stored);
      if (bytes) return view(stored.fileName, bytes);
    }
    const receipt = await this.rpc.send('billing.receipts.get', { id: request.id }, caller);
    if (stored) return view(stored.fileName, await this.pdfs.restore(stored, receipt));
    const { file, bytes } = await this.dataSource.transaction((manager) =>
      this.pdfs.ensureStored(manager, caller.tenantId, receipt),
    );
    return view(file.fileName, bytes ?? (await this.pdfs.read(file)));
  }
}

function view(fileName: string, bytes: Buffer): PdfFileView {
  return {
    fileName,
    contentType: 'application/pdf',
    preview: false,
    sha256: sha256(bytes),
    bytes: bytes.length,
    base64: bytes.toString('base64'),
  };
}
