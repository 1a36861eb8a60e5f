import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DocumentsModule } from '../documents/documents.module';
import { SettingsModule } from '../settings/settings.module';
import { ContactChangesListener } from './contact-changes.listener';
import { CrmBuyerSource } from './crm-buyer.source';
import { DraftsHandler } from './drafts.handler';
import { DraftsService } from './drafts.service';

/** Drafts of invoices, proformas and offers: create, edit, lines, copy, trash and restore. */
@Module({
  imports: [SettingsModule, CatalogueModule, DocumentsModule],
  providers: [DraftsService, DraftsHandler, CrmBuyerSource, ContactChangesListener],
  exports: [DraftsService, CrmBuyerSource],
})
export class DraftsModule {}
