import { Global, Module } from '@nestjs/common';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { FileStorage } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

/** The file store every feature of this service uses: `$DATA_DIR/files` on local disk. */
@Global()
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalFileStorage(path.resolve(config.dataDir, 'files')),
    },
  ],
  exports: [FileStorage],
})
export class StorageModule {}
