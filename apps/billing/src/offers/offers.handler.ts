import { Injectable } from '@nestjs/common';
import { ConvertOfferRequest, OfferRef, type DocumentView, type RpcCaller } from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { OffersService } from './offers.service';

/** RPC entry points of POST /offers/{id}/accept, /reject and /convert. */
@Injectable()
export class OffersHandler {
  constructor(private readonly offers: OffersService) {}

  @RpcHandler('billing.offers.accept', OfferRef)
  async accept(payload: OfferRef, caller: RpcCaller): Promise<DocumentView> {
    return (await this.offers.answer(tenantOf(caller), payload.id, 'accept')).offer;
  }

  @RpcHandler('billing.offers.reject', OfferRef)
  async reject(payload: OfferRef, caller: RpcCaller): Promise<DocumentView> {
    return (await this.offers.answer(tenantOf(caller), payload.id, 'reject')).offer;
  }

  @RpcHandler('billing.offers.convert', ConvertOfferRequest)
  convert(payload: ConvertOfferRequest, caller: RpcCaller): Promise<DocumentView> {
    return this.offers.convert(caller, payload.id, payload.options.to);
  }
}
