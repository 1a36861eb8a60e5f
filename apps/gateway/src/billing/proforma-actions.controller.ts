import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  type DocumentView,
  MarkProformaPaidDto,
  type ProformaPaidView,
  type RpcCaller,
} from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/** The calls only proformas have: mark as paid (optionally into the final invoice) and void. */
@ApiTags('proformas')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such proforma in this tenant', type: ProblemResponse })
@Controller('proformas')
export class ProformaActionsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /**
   * 200 `{proforma, invoice?}`: the proforma `paid`; with `generateInvoice` also the final invoice,
   * issued on the payment date, paid and linked both ways (`send` emails it). 409 once paid (one
   * invoice per proforma however often this is called); with the same Idempotency-Key a retry
   * gets the first answer again.
   */
  @Post(':id/mark-paid')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Not issued, already paid or voided', type: ProblemResponse })
  markPaid(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: MarkProformaPaidDto,
  ): Promise<ProformaPaidView> {
    return this.rpc.send('billing.proformas.mark-paid', { id, options }, caller);
  }

  /** 200 with the proforma `voided` (no storno: a proforma is not a tax document); 409 once paid. */
  @Post(':id/reverse')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'Paid, already voided, or a draft', type: ProblemResponse })
  reverse(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentView> {
    return this.rpc.send('billing.proformas.void', { id }, caller);
  }
}
