import { Module } from '@nestjs/common';
import { InvoicePdfController, OfferPdfController, ProformaPdfController } from './pdf.controller';

/** HTTP routes served by documents: the PDFs of invoices, proformas and offers. */
@Module({ controllers: [InvoicePdfController, ProformaPdfController, OfferPdfController] })
export class DocumentsHttpModule {}
