import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { NumberingModule } from '../numbering/numbering.module';
import { SettingsModule } from '../settings/settings.module';
import { ProformasHandler } from './proformas.handler';
import { ProformasRepository } from './proformas.repository';
import { ProformasService } from './proformas.service';

/** Proformas after issue: paid (and turned into the final invoice) or voided. */
@Module({
  imports: [SettingsModule, DocumentsModule, NumberingModule],
  providers: [ProformasRepository, ProformasService, ProformasHandler],
})
export class ProformasModule {}
