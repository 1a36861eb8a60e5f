import { Module } from '@nestjs/common';
import { SettingsHandler } from './settings.handler';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { TenantCreatedListener } from './tenant-created.listener';

/** Company details, billing defaults and number series of each tenant. */
@Module({
  providers: [SettingsRepository, SettingsService, SettingsHandler, TenantCreatedListener],
  exports: [SettingsService],
})
export class SettingsModule {}
