import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DraftsModule } from '../drafts/drafts.module';
import { SettingsModule } from '../settings/settings.module';
import { OfferExpirySweep } from './offer-expiry.sweep';
import { OffersHandler } from './offers.handler';
import { OffersRepository } from './offers.repository';
import { OffersService } from './offers.service';

/** Offers after issue: accepted, rejected, expired, converted into a draft invoice or proforma. */
@Module({
  imports: [SettingsModule, DocumentsModule, DraftsModule],
  providers: [OffersRepository, OffersService, OffersHandler, OfferExpirySweep],
  exports: [OffersService],
})
export class OffersModule {}
