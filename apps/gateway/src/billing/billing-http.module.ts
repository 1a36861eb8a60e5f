import { Module } from '@nestjs/common';
import {
  CompanyPatchDto,
  CreateDocumentDto,
  CreateProductDto,
  IssueDocumentDto,
  LineInputDto,
  LinePatchDto,
  ListDocumentsQuery,
  ListProductsQuery,
  SeriesPatchDto,
  SeriesSettingsPatchDto,
  UpdateDocumentDto,
  UpdateProductDto,
  UpdateSettingsDto,
} from '@app/contracts';
import { describeContractClasses } from '../docs/contract-schemas';
import { InvoicesController, OffersController, ProformasController } from './documents.controller';
import { ProductsController } from './products.controller';
import { SettingsController } from './settings.controller';

/** HTTP routes served by billing: settings, products, documents. */
@Module({
  controllers: [
    SettingsController,
    ProductsController,
    InvoicesController,
    ProformasController,
    OffersController,
  ],
})
export class BillingHttpModule {
  constructor() {
    // The OpenAPI document describes these contract classes from their validation decorators.
    describeContractClasses([
      CompanyPatchDto,
      SeriesPatchDto,
      SeriesSettingsPatchDto,
      UpdateSettingsDto,
      CreateProductDto,
      UpdateProductDto,
      ListProductsQuery,
      LineInputDto,
      LinePatchDto,
      CreateDocumentDto,
      UpdateDocumentDto,
      IssueDocumentDto,
      ListDocumentsQuery,
    ]);
  }
}
