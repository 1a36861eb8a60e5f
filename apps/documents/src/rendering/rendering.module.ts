import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PdfModule } from '../pdf/pdf.module';
import { DocumentPdfService } from './document-pdf.service';
import { IssuedDocumentsHandler } from './issued-documents.handler';
import { PdfHandler } from './pdf.handler';
import { RenderedFilesRepository } from './rendered-files.repository';

/** Issued documents rendered once and stored; PDFs served to the gateway. */
@Module({
  imports: [PdfModule, MailModule],
  providers: [RenderedFilesRepository, DocumentPdfService, IssuedDocumentsHandler, PdfHandler],
})
export class RenderingModule {}
