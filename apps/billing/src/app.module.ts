import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProductEntity } from './catalogue/product.entity';
import { ContactDocumentsModule } from './contact-documents/contact-documents.module';
import { DealDraftsModule } from './deal-drafts/deal-drafts.module';
import { DraftsModule } from './drafts/drafts.module';
import { IssuingModule } from './issuing/issuing.module';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { Settings1700000001000 } from './migrations/1700000001000-settings';
import { Catalogue1700000002000 } from './migrations/1700000002000-catalogue';
import { Documents1700000003000 } from './migrations/1700000003000-documents';
import { PaymentsReversal1700000004000 } from './migrations/1700000004000-payments-reversal';
import { PaymentsModule } from './payments/payments.module';
import { ReversalModule } from './reversal/reversal.module';
import { NumberSeriesEntity } from './settings/number-series.entity';
import { SettingsEntity } from './settings/settings.entity';
import { SettingsModule } from './settings/settings.module';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'billing',
      entities: [SettingsEntity, NumberSeriesEntity, ProductEntity],
      migrations: [
        Messaging1700000000000,
        Settings1700000001000,
        Catalogue1700000002000,
        Documents1700000003000,
        PaymentsReversal1700000004000,
      ],
    }),
    SettingsModule,
    CatalogueModule,
    DraftsModule,
    IssuingModule,
    ReversalModule,
    PaymentsModule,
    ContactDocumentsModule,
    DealDraftsModule,
  ],
})
export class BillingModule {}
