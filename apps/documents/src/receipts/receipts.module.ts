import { Module } from '@nestjs/common';
import { RenderedPdfRecorder } from '../rendering/rendered-pdf.recorder';
import { PdfModule } from '../pdf/pdf.module';
import { RenderedFilesRepository } from '../rendering/rendered-files.repository';
import { ReceiptPdfService } from './receipt-pdf.service';
import { ReceiptsHandler } from './receipts.handler';

/** Cash receipts rendered once and stored; their PDFs served to the gateway. */
@Module({
  imports: [PdfModule],
  providers: [RenderedFilesRepository, RenderedPdfRecorder, ReceiptPdfService, ReceiptsHandler],
})
export class ReceiptsModule {}
