import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DocumentView, Language, ReceiptView, SellerView } from '@app/contracts';
import type { LayoutOptions } from './document.layout';
import { PdfWorkerPool } from './pdf-worker-pool';

/** Renders documents to PDF on the render threads; the caller's event loop stays free. */
@Injectable()
export class PdfRenderer implements OnModuleInit, OnApplicationShutdown {
  private readonly pool = new PdfWorkerPool();

  onModuleInit(): void {
    this.pool.start();
  }

  /** After the event consumer has let the events in hand finish (their renders included). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }

  renderDocument(document: DocumentView, seller: SellerView, options: LayoutOptions): Promise<Buffer> {
    return this.pool.render({ layout: 'document', document, seller, options });
  }

  renderReceipt(receipt: ReceiptView, language: Language): Promise<Buffer> {
    return this.pool.render({ layout: 'receipt', receipt, language });
  }
}
