import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProductEntity } from './catalogue/product.entity';
import { ContactDocumentsModule } from './contact-documents/contact-documents.module';
import { DealDraftsModule } from './deal-drafts/deal-drafts.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DraftsModule } from './drafts/drafts.module';
import { ImportModule } from './import/import.module';
import { IssuingModule } from './issuing/issuing.module';
import { LinksModule } from './links/links.module';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { Settings1700000001000 } from './migrations/1700000001000-settings';
import { Catalogue1700000002000 } from './migrations/1700000002000-catalogue';
import { Documents1700000003000 } from './migrations/1700000003000-documents';
import { PaymentsReversal1700000004000 } from './migrations/1700000004000-payments-reversal';
import { ReceiptsDelivery1700000005000 } from './migrations/1700000005000-receipts-delivery';
import { ProformasOffers1700000006000 } from './migrations/1700000006000-proformas-offers';
import { Recurrence1700000007000 } from './migrations/1700000007000-recurrence';
import { Import1700000010000 } from './migrations/1700000010000-import';
import { OffersModule } from './offers/offers.module';
import { PaymentsModule } from './payments/payments.module';
import { ProformasModule } from './proformas/proformas.module';
import { ReceiptsModule } from './receipts/receipts.module';
import { RecurrenceModule } from './recurrence/recurrence.module';
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
        ReceiptsDelivery1700000005000,
        ProformasOffers1700000006000,
        Recurrence1700000007000,
        Import1700000010000,
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
    DeliveryModule,
    ReceiptsModule,
    RecurrenceModule,
    ImportModule,
    ProformasModule,
    OffersModule,
    LinksModule,
  ],
})
export class BillingModule {}
