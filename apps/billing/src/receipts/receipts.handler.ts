import { Injectable } from '@nestjs/common';
import {
  IssueReceiptRequest,
  ListReceiptsQuery,
  ReceiptRef,
  type Page,
  type ReceiptView,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { IssueReceiptService } from './issue-receipt.service';

/** RPC entry points of POST /invoices/{id}/receipts, GET /receipts and GET /receipts/{id}. */
@Injectable()
export class ReceiptsHandler {
  constructor(private readonly receipts: IssueReceiptService) {}

  @RpcHandler('billing.invoices.receipts.issue', IssueReceiptRequest)
  issue(payload: IssueReceiptRequest, caller: RpcCaller): Promise<ReceiptView> {
    return this.receipts.issue(tenantOf(caller), payload.id, payload.receipt);
  }

  @RpcHandler('billing.receipts.list', ListReceiptsQuery)
  list(payload: ListReceiptsQuery, caller: RpcCaller): Promise<Page<ReceiptView>> {
    return this.receipts.list(tenantOf(caller), payload);
  }

  @RpcHandler('billing.receipts.get', ReceiptRef)
  get(payload: ReceiptRef, caller: RpcCaller): Promise<ReceiptView> {
    return this.receipts.get(tenantOf(caller), payload.id);
  }
}
