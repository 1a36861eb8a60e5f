import { Module } from '@nestjs/common';
import {
  CompanyPatchDto,
  ConvertOfferDto,
  CreateDocumentDto,
  CreateProductDto,
  IssueDocumentDto,
  LineInputDto,
  LinePatchDto,
  ListContactDocumentsQuery,
  ListDocumentsQuery,
  IssueReceiptDto,
  MarkProformaPaidDto,
  ListProductsQuery,
  ListReceiptsQuery,
  RecordPaymentDto,
  RecurrenceDto,
  ReverseInvoiceDto,
  SendDocumentDto,
  SeriesPatchDto,
  SeriesSettingsPatchDto,
  UpdateDocumentDto,
  UpdateProductDto,
  UpdateSettingsDto,
} from '@app/contracts';
import { describeContractClasses } from '../docs/contract-schemas';
import { ContactDocumentsController } from './contact-documents.controller';
import {
  InvoiceLinksController,
  OfferLinksController,
  ProformaLinksController,
} from './document-links.controller';
import { InvoicesController, OffersController, ProformasController } from './documents.controller';
import { OfferActionsController } from './offer-actions.controller';
import { ProductsImportController } from './products-import.controller';
import { ProductsController } from './products.controller';
import { ProformaActionsController } from './proforma-actions.controller';
import { ReceiptsController } from './receipts.controller';
import { RecurrenceController } from './recurrence.controller';
import { SettingsController } from './settings.controller';

/** HTTP routes served by billing: settings, products, documents, payments, a contact's documents. */
@Module({
  controllers: [
    SettingsController,
    ProductsImportController,
    ProductsController,
    InvoicesController,
    ProformasController,
    OffersController,
    ContactDocumentsController,
    ReceiptsController,
    RecurrenceController,
    ProformaActionsController,
    OfferActionsController,
    InvoiceLinksController,
    ProformaLinksController,
    OfferLinksController,
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
      SendDocumentDto,
      IssueReceiptDto,
      ListReceiptsQuery,
      RecurrenceDto,
      MarkProformaPaidDto,
      ConvertOfferDto,
    ]);
  }
}
