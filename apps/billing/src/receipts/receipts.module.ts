import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SettingsModule } from '../settings/settings.module';
import { IssueReceiptService } from './issue-receipt.service';
import { ReceiptsHandler } from './receipts.handler';
import { ReceiptsRepository } from './receipts.repository';

/** Cash receipts (chitanțe): numbered in the receipt series, each recording a cash payment. */
@Module({
  imports: [SettingsModule, DocumentsModule],
  providers: [ReceiptsRepository, IssueReceiptService, ReceiptsHandler],
})
export class ReceiptsModule {}
