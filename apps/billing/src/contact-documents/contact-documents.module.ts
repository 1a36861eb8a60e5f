import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DraftsModule } from '../drafts/drafts.module';
import { ContactDocumentsHandler } from './contact-documents.handler';

/** What billing answers about one crm contact: its documents, and how many of each state. */
@Module({
  imports: [DocumentsModule, DraftsModule],
  providers: [ContactDocumentsHandler],
})
export class ContactDocumentsModule {}
