import { Module } from '@nestjs/common';
import { InvoicePdfController, OfferPdfController, ProformaPdfController } from './pdf.controller';
import { InvoiceUblController } from './ubl.controller';

/** HTTP routes served by documents: the PDFs of invoices, proformas and offers; invoices' UBL. */
@Module({
  controllers: [InvoicePdfController, ProformaPdfController, OfferPdfController, InvoiceUblController],
})
export class DocumentsHttpModule {}
