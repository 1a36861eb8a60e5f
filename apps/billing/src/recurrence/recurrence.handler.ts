import { Injectable } from '@nestjs/common';
import { InvoiceRef, type RecurrenceView, type RpcCaller, StartRecurrenceRequest } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { RecurrenceService } from './recurrence.service';

/** RPC entry points of PUT, GET and DELETE /invoices/{id}/recurrence. */
@Injectable()
export class RecurrenceHandler {
  constructor(private readonly recurrences: RecurrenceService) {}

  @RpcHandler('billing.invoices.recurrence.start', StartRecurrenceRequest)
  start(payload: StartRecurrenceRequest, caller: RpcCaller): Promise<RecurrenceView> {
    return this.recurrences.start(tenantOf(caller), payload.id, payload.options);
  }

  @RpcHandler('billing.invoices.recurrence.get', InvoiceRef)
  get(payload: InvoiceRef, caller: RpcCaller): Promise<RecurrenceView> {
    return this.recurrences.get(tenantOf(caller), payload.id);
  }

  @RpcHandler('billing.invoices.recurrence.stop', InvoiceRef)
  stop(payload: InvoiceRef, caller: RpcCaller): Promise<RecurrenceView> {
    return this.recurrences.stop(tenantOf(caller), payload.id);
  }
}
