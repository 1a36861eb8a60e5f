import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';

@Module({
  imports: [
    PlatformModule.forService({ service: 'documents', entities: [], migrations: [Messaging1700000000000] }),
  ],
})
export class DocumentsModule {}
