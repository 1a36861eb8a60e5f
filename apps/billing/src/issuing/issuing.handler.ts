import { Injectable } from '@nestjs/common';
import { IssueDocumentRequest, type DocumentView, type RpcCaller } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { IssueDocumentService } from './issue-document.service';

/** RPC entry point of issue, for every kind of document. */
@Injectable()
export class IssuingHandler {
  constructor(private readonly issuing: IssueDocumentService) {}

  @RpcHandler('billing.documents.issue', IssueDocumentRequest)
  issue(payload: IssueDocumentRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.issuing.issue(tenantOf(caller), payload.kind, payload.id, payload.options);
  }
}
