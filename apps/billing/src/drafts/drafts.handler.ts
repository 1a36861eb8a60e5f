import { Injectable } from '@nestjs/common';
import {
  AddLineRequest,
  CreateDocumentRequest,
  DocumentRef,
  LineRef,
  ListDocumentsRequest,
  UpdateDocumentRequest,
  UpdateLineRequest,
  type DocumentView,
  type Page,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { DraftsService } from './drafts.service';

/** RPC entry points for drafts of every kind; any member of the tenant may use them. */
@Injectable()
export class DraftsHandler {
  constructor(private readonly drafts: DraftsService) {}

  @RpcHandler('billing.documents.create', CreateDocumentRequest)
  create(payload: CreateDocumentRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.create(caller, payload.kind, payload.document);
  }

  @RpcHandler('billing.documents.list', ListDocumentsRequest)
  list(payload: ListDocumentsRequest, caller: RpcCaller): Promise<Page<DocumentView>> {
    return this.drafts.list(tenantOf(caller), payload);
  }

  @RpcHandler('billing.documents.get', DocumentRef)
  get(payload: DocumentRef, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.get(tenantOf(caller), payload.kind, payload.id);
  }

  @RpcHandler('billing.documents.update', UpdateDocumentRequest)
  update(payload: UpdateDocumentRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.update(caller, payload.kind, payload.id, payload.changes);
  }

  @RpcHandler('billing.documents.lines.add', AddLineRequest)
  addLine(payload: AddLineRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.addLine(caller, payload.kind, payload.id, payload.line);
  }

  @RpcHandler('billing.documents.lines.update', UpdateLineRequest)
  updateLine(payload: UpdateLineRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.updateLine(caller, payload.kind, payload.id, payload.lineId, payload.changes);
  }

  @RpcHandler('billing.documents.lines.remove', LineRef)
  removeLine(payload: LineRef, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.removeLine(caller, payload.kind, payload.id, payload.lineId);
  }

  @RpcHandler('billing.documents.copy', DocumentRef)
  copy(payload: DocumentRef, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.copy(caller, payload.kind, payload.id);
  }

  @RpcHandler('billing.documents.trash', DocumentRef)
  async trash(payload: DocumentRef, caller: RpcCaller): Promise<{ trashed: true }> {
    await this.drafts.trash(tenantOf(caller), payload.kind, payload.id);
    return { trashed: true };
  }

  @RpcHandler('billing.documents.restore', DocumentRef)
  restore(payload: DocumentRef, caller: RpcCaller): Promise<DocumentView> {
    return this.drafts.restore(tenantOf(caller), payload.kind, payload.id);
  }
}
