import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProductEntity } from './catalogue/product.entity';
import { DraftsModule } from './drafts/drafts.module';
import { IssuingModule } from './issuing/issuing.module';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { Settings1700000001000 } from './migrations/1700000001000-settings';
import { Catalogue1700000002000 } from './migrations/1700000002000-catalogue';
import { Documents1700000003000 } from './migrations/1700000003000-documents';
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
      ],
    }),
    SettingsModule,
    CatalogueModule,
    DraftsModule,
    IssuingModule,
  ],
})
export class BillingModule {}
