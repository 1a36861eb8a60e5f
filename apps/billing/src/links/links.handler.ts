import { Injectable } from '@nestjs/common';
import {
  DocumentRef,
  LinkDecisionRequest,
  LinkTarget,
  type LinkOutcomeView,
  type LinkPageView,
  type LinkTokensView,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { LinksService } from './links.service';

/**
 * RPC entry points of GET /{kind}/{id}/links (signed in) and of the public link pages, which the
 * gateway calls on behalf of the tenant named by a token it has checked.
 */
@Injectable()
export class LinksHandler {
  constructor(private readonly links: LinksService) {}

  @RpcHandler('billing.documents.links', DocumentRef)
  tokens(payload: DocumentRef, caller: RpcCaller): Promise<LinkTokensView> {
    return this.links.tokens(tenantOf(caller), payload.kind, payload.id);
  }

  @RpcHandler('billing.links.open', LinkTarget)
  open(payload: LinkTarget, caller: RpcCaller): Promise<LinkPageView> {
    return this.links.open(tenantOf(caller), payload.kind, payload.id, payload.action);
  }

  @RpcHandler('billing.links.decide', LinkDecisionRequest)
  decide(payload: LinkDecisionRequest, caller: RpcCaller): Promise<LinkOutcomeView> {
    return this.links.decide(tenantOf(caller), payload.kind, payload.id, payload.action);
  }
}
