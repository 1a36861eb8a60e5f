import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DraftsModule } from '../drafts/drafts.module';
import { SettingsModule } from '../settings/settings.module';
import { DealWonListener } from './deal-won.listener';

/** A draft invoice for each won deal, when the tenant's settings ask for it. */
@Module({
  imports: [SettingsModule, DocumentsModule, DraftsModule],
  providers: [DealWonListener],
})
export class DealDraftsModule {}
