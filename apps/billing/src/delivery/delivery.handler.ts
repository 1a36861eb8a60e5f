import { Injectable } from '@nestjs/common';
import { SendDocumentRequest, type DocumentView, type RpcCaller } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { SendDocumentService } from './send-document.service';

/** RPC entry point of POST /{kind}/{id}/send. */
@Injectable()
export class DeliveryHandler {
  constructor(private readonly sending: SendDocumentService) {}

  @RpcHandler('billing.documents.send', SendDocumentRequest)
  send(payload: SendDocumentRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.sending.send(tenantOf(caller), payload.kind, payload.id, payload.options);
  }
}
