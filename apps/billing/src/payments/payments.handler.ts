import { Injectable } from '@nestjs/common';
import {
  InvoiceRef,
  RecordPaymentRequest,
  type Page,
  type PaymentView,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { RecordPaymentService } from './record-payment.service';

/** RPC entry points of POST and GET /invoices/{id}/payments. */
@Injectable()
export class PaymentsHandler {
  constructor(private readonly payments: RecordPaymentService) {}

  @RpcHandler('billing.invoices.payments.record', RecordPaymentRequest)
  record(payload: RecordPaymentRequest, caller: RpcCaller): Promise<PaymentView> {
    return this.payments.record(tenantOf(caller), payload.id, payload.payment);
  }

  @RpcHandler('billing.invoices.payments.list', InvoiceRef)
  list(payload: InvoiceRef, caller: RpcCaller): Promise<Page<PaymentView>> {
    return this.payments.list(tenantOf(caller), payload.id);
  }
}
