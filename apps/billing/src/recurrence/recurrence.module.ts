import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DraftsModule } from '../drafts/drafts.module';
import { IssuingModule } from '../issuing/issuing.module';
import { SettingsModule } from '../settings/settings.module';
import { RecurrenceDueListener } from './recurrence-due.listener';
import { RecurrenceHandler } from './recurrence.handler';
import { RecurrenceService } from './recurrence.service';
import { RecurrencesRepository } from './recurrences.repository';
import { RecurringInvoiceService } from './recurring-invoice.service';
import { SchedulerTimetableClient } from './scheduler-timetable.client';

/**
 * Recurring invoices, billing's half: the definition switched on from an issued invoice (published
 * to the scheduler as events) and the invoice of each period the scheduler says is due.
 */
@Module({
  imports: [SettingsModule, DocumentsModule, DraftsModule, IssuingModule],
  providers: [
    RecurrencesRepository,
    RecurrenceService,
    RecurrenceHandler,
    SchedulerTimetableClient,
    RecurringInvoiceService,
    RecurrenceDueListener,
  ],
})
export class RecurrenceModule {}
