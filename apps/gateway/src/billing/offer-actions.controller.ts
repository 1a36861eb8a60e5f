import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ConvertOfferDto, type DocumentView, type RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/** The calls only offers have: accept, reject, convert into a draft invoice or proforma. */
@ApiTags('offers')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such offer in this tenant', type: ProblemResponse })
@Controller('offers')
export class OfferActionsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** 200 with the offer `accepted` (again: the same answer); 409 if rejected, expired or a draft. */
  @Post(':id/accept')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Rejected, expired, or not issued', type: ProblemResponse })
  accept(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.offers.accept', { id }, caller);
  }

  /** 200 with the offer `rejected` (again: the same answer); 409 if accepted, expired or a draft. */
  @Post(':id/reject')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Accepted, expired, or not issued', type: ProblemResponse })
  reject(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.offers.reject', { id }, caller);
  }

  /**
   * 201 with a new draft invoice or proforma (same contact, lines, currency), which the offer
   * links to by `invoiceId` or `proformaId`. 409 unless accepted, and once converted.
   */
  @Post(':id/convert')
  @ApiConflictResponse({ description: 'Not accepted, or already converted', type: ProblemResponse })
  convert(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: ConvertOfferDto,
  ): Promise<DocumentView> {
    return this.rpc.send('billing.offers.convert', { id, options }, caller);
  }
}
