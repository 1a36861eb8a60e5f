import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { OffersModule } from '../offers/offers.module';
import { SettingsModule } from '../settings/settings.module';
import { LinksHandler } from './links.handler';
import { LinksRepository } from './links.repository';
import { LinksService } from './links.service';

/** Signed public links (view, accept, reject) and what they do once the gateway has checked one. */
@Module({
  imports: [SettingsModule, DocumentsModule, OffersModule],
  providers: [LinksRepository, LinksService, LinksHandler],
})
export class LinksModule {}
