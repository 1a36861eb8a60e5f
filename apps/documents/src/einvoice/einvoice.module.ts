import { Module } from '@nestjs/common';
import { RenderedFilesRepository } from '../rendering/rendered-files.repository';
import { FakeEinvoicePlatform } from '../ubl/einvoice-submission';
import {
  type ConfiguredPlatform,
  EINVOICE_CONFIG,
  EINVOICE_PLATFORM,
  type EinvoiceConfig,
  loadEinvoiceConfig,
} from './einvoice.config';
import { EinvoiceHandler } from './einvoice.handler';
import { EinvoiceSubmissionWorker } from './einvoice-submission.worker';
import { EinvoiceSubmissionsRepository } from './einvoice-submissions.repository';
import { TenantOptionsRepository } from './tenant-options.repository';
import { UblDocumentService } from './ubl-document.service';
import { UblInvoicesRepository } from './ubl-invoices.repository';

/**
 * E-invoices: the UBL XML of issued invoices and stornos (stored beside the PDF, served over RPC),
 * the tenant's option to attach it to emails, and submissions to the configured national platform.
 */
@Module({
  providers: [
    { provide: EINVOICE_CONFIG, useFactory: () => loadEinvoiceConfig() },
    {
      provide: EINVOICE_PLATFORM,
      inject: [EINVOICE_CONFIG],
      // Only the in-memory fake exists; a real ANAF adapter is described in ubl/README.md.
      useFactory: (config: EinvoiceConfig): ConfiguredPlatform =>
        config.platform === 'fake' ? new FakeEinvoicePlatform() : null,
    },
    RenderedFilesRepository,
    UblInvoicesRepository,
    TenantOptionsRepository,
    EinvoiceSubmissionsRepository,
    UblDocumentService,
    EinvoiceHandler,
    EinvoiceSubmissionWorker,
  ],
  exports: [UblDocumentService, EINVOICE_PLATFORM],
})
export class EinvoiceModule {}
