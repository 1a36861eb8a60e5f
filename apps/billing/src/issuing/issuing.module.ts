import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { NumberingModule } from '../numbering/numbering.module';
import { SettingsModule } from '../settings/settings.module';
import { IssueDocumentService } from './issue-document.service';
import { IssuingHandler } from './issuing.handler';

/** Compliance check, numbering and locking of drafts, with the issued event. */
@Module({
  imports: [SettingsModule, DocumentsModule, NumberingModule],
  providers: [IssueDocumentService, IssuingHandler],
  exports: [IssueDocumentService],
})
export class IssuingModule {}
