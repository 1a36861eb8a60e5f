import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { RenderedFiles1700000001000 } from './migrations/1700000001000-rendered-files';
import { Email1700000002000 } from './migrations/1700000002000-email';
import { Einvoice1700000003500 } from './migrations/1700000003500-einvoice';
import { ReceiptsModule } from './receipts/receipts.module';
import { RenderingModule } from './rendering/rendering.module';
import { StorageModule } from './storage/storage.module';

export const DOCUMENTS_MIGRATIONS = [
  Messaging1700000000000,
  RenderedFiles1700000001000,
  Email1700000002000,
  Einvoice1700000003500,
];
/** The service's features (tests compose them with a test configuration). */
export const DOCUMENTS_FEATURES = [StorageModule, RenderingModule, ReceiptsModule];

@Module({
  imports: [
    PlatformModule.forService({ service: 'documents', entities: [], migrations: DOCUMENTS_MIGRATIONS }),
    ...DOCUMENTS_FEATURES,
  ],
})
export class DocumentsModule {}
