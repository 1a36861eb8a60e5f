import { Injectable } from '@nestjs/common';
import { ReverseInvoiceRequest, type DocumentView, type RpcCaller } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { ReverseInvoiceService } from './reverse-invoice.service';

/** RPC entry point of POST /invoices/{id}/reverse. */
@Injectable()
export class ReversalHandler {
  constructor(private readonly reversal: ReverseInvoiceService) {}

  @RpcHandler('billing.invoices.reverse', ReverseInvoiceRequest)
  reverse(payload: ReverseInvoiceRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.reversal.reverse(tenantOf(caller), payload.id, payload.options);
  }
}
