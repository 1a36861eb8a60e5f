import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { RecurrenceDto, type RecurrenceView, type RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * An invoice's recurrence (SPEC.md, "Recurring invoices"): switched on from an issued invoice, it
 * makes and issues a copy every month. The answer's `nextRunDate` comes from the scheduler and is
 * null while it is stopped (or while the scheduler cannot be asked).
 */
@ApiTags('invoices')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such invoice (or recurrence) in this tenant', type: ProblemResponse })
@Controller('invoices')
export class RecurrenceController {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * 200 with the recurrence, running from today's day of the month. Again on a running one: changes
   * `send` only; on a stopped one: starts it again from today. 409 for a draft, a storno or a
   * reversed invoice.
   */
  @Put(':id/recurrence')
  @ApiConflictResponse({ description: 'The invoice is not an issued invoice', type: ProblemResponse })
  start(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() options: RecurrenceDto,
  ): Promise<RecurrenceView> {
    return this.rpc.send('billing.invoices.recurrence.start', { id, options }, caller);
  }

  /** The recurrence with every invoice it made; 404 when the invoice never recurred. */
  @Get(':id/recurrence')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<RecurrenceView> {
    return this.rpc.send('billing.invoices.recurrence.get', { id }, caller);
  }

  /** 200 with the stopped recurrence: no more runs; the invoices it made stay. */
  @Delete(':id/recurrence')
  stop(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<RecurrenceView> {
    return this.rpc.send('billing.invoices.recurrence.stop', { id }, caller);
  }
}
