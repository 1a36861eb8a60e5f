import { Module } from '@nestjs/common';
import { SettingsHandler } from './settings.handler';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

/** Company details, billing defaults and number series of each tenant. */
@Module({
  providers: [SettingsRepository, SettingsService, SettingsHandler],
  exports: [SettingsService],
})
export class SettingsModule {}
