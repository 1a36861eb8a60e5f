import { Module } from '@nestjs/common';
import { RenderedPdfRecorder } from './rendered-pdf.recorder';
import { EinvoiceModule } from '../einvoice/einvoice.module';
import { MailModule } from '../mail/mail.module';
import { PdfModule } from '../pdf/pdf.module';
import { DocumentPdfService } from './document-pdf.service';
import { IssuedDocumentsHandler } from './issued-documents.handler';
import { PdfHandler } from './pdf.handler';
import { RenderedFilesRepository } from './rendered-files.repository';
import { SendRequestedHandler } from './send-requested.handler';

/** Issued documents rendered once and stored; PDFs served to the gateway. */
@Module({
  imports: [PdfModule, MailModule, EinvoiceModule],
  providers: [
    RenderedFilesRepository,
    RenderedPdfRecorder,
    DocumentPdfService,
    IssuedDocumentsHandler,
    PdfHandler,
    SendRequestedHandler,
  ],
})
export class RenderingModule {}
