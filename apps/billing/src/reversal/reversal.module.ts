import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { NumberingModule } from '../numbering/numbering.module';
import { SettingsModule } from '../settings/settings.module';
import { ReversalHandler } from './reversal.handler';
import { ReverseInvoiceService } from './reverse-invoice.service';

/** Storno invoices: an issued invoice cancelled by a new one, numbered in the invoice series. */
@Module({
  imports: [SettingsModule, DocumentsModule, NumberingModule],
  providers: [ReverseInvoiceService, ReversalHandler],
})
export class ReversalModule {}
