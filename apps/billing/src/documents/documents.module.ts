import { Module } from '@nestjs/common';
import { DocumentsRepository } from './documents.repository';

/** Storage of invoices, proformas and offers, shared by drafts, issuing and what comes after. */
@Module({
  providers: [DocumentsRepository],
  exports: [DocumentsRepository],
})
export class DocumentsModule {}
