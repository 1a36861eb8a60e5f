import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { ProductsHandler } from './products.handler';
import { ProductsRepository } from './products.repository';
import { ProductsService } from './products.service';

/** Products and services a line can be picked from. Drafts use ProductsRepository.upsertByName. */
@Module({
  imports: [SettingsModule],
  providers: [ProductsRepository, ProductsService, ProductsHandler],
  exports: [ProductsRepository, ProductsService],
})
export class CatalogueModule {}
