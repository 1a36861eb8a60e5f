import { Module } from '@nestjs/common';
import {
  CompanyPatchDto,
  CreateDocumentDto,
  CreateProductDto,
  IssueDocumentDto,
  LineInputDto,
  LinePatchDto,
  ListContactDocumentsQuery,
  ListDocumentsQuery,
  ListProductsQuery,
  RecordPaymentDto,
  ReverseInvoiceDto,
  SeriesPatchDto,
  SeriesSettingsPatchDto,
  UpdateDocumentDto,
  UpdateProductDto,
  UpdateSettingsDto,
} from '@app/contracts';
import { describeContractClasses } from '../docs/contract-schemas';
import { ContactDocumentsController } from './contact-documents.controller';
import { InvoicesController, OffersController, ProformasController } from './documents.controller';
import { ProductsController } from './products.controller';
import { SettingsController } from './settings.controller';

/** HTTP routes served by billing: settings, products, documents, payments, a contact's documents. */
@Module({
  controllers: [
    SettingsController,
    ProductsController,
    InvoicesController,
    ProformasController,
    OffersController,
    ContactDocumentsController,
  ],
})
export class BillingHttpModule {
  constructor() {
    // The OpenAPI document describes these contract classes from their validation decorators.
    describeContractClasses([
      CompanyPatchDto,
      RecordPaymentDto,
      ReverseInvoiceDto,
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
      ReverseInvoiceDto,
      RecordPaymentDto,
      ListContactDocumentsQuery,
    ]);
  }
}
