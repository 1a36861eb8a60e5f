import { Injectable } from '@nestjs/common';
import {
  MarkProformaPaidRequest,
  ProformaRef,
  type DocumentView,
  type ProformaPaidView,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { ProformasService } from './proformas.service';

/** RPC entry points of POST /proformas/{id}/mark-paid and /reverse. */
@Injectable()
export class ProformasHandler {
  constructor(private readonly proformas: ProformasService) {}

  @RpcHandler('billing.proformas.mark-paid', MarkProformaPaidRequest)
  markPaid(payload: MarkProformaPaidRequest, caller: RpcCaller): Promise<ProformaPaidView> {
    return this.proformas.markPaid(tenantOf(caller), payload.id, payload.options);
  }

  @RpcHandler('billing.proformas.void', ProformaRef)
  void(payload: ProformaRef, caller: RpcCaller): Promise<DocumentView> {
    return this.proformas.void(tenantOf(caller), payload.id);
  }
}
