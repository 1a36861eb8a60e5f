import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { ImportHandler } from './import.handler';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRowsRepository } from './import-rows.repository';
import { ImportRunner } from './import-runner.service';
import { ImportService } from './import.service';

/**
 * Bulk product import from CSV or XLSX. Needs the migration Import1700000010000 in billing's
 * list; the file arrives in chunks over RPC and is processed in the background.
 */
@Module({
  imports: [SettingsModule],
  providers: [ImportJobsRepository, ImportRowsRepository, ImportRunner, ImportService, ImportHandler],
})
export class ImportModule {}
