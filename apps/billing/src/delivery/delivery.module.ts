import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DeliveryHandler } from './delivery.handler';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryStatusListener } from './delivery-status.listener';
import { SendDocumentService } from './send-document.service';

/** Delivery of issued documents by email: "send again" and the status documents reports. */
@Module({
  imports: [DocumentsModule],
  providers: [DeliveryRepository, SendDocumentService, DeliveryHandler, DeliveryStatusListener],
})
export class DeliveryModule {}
