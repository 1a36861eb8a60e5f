import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SettingsModule } from '../settings/settings.module';
import { PaymentsHandler } from './payments.handler';
import { PaymentsRepository } from './payments.repository';
import { RecordPaymentService } from './record-payment.service';

/** Payments recorded on issued invoices, partial or in full; no overpayment. */
@Module({
  imports: [SettingsModule, DocumentsModule],
  providers: [PaymentsRepository, RecordPaymentService, PaymentsHandler],
  exports: [RecordPaymentService],
})
export class PaymentsModule {}
