import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateDealDto,
  type DealView,
  ListDealsQuery,
  type Page,
  type RpcCaller,
  UpdateDealDto,
} from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

@ApiTags('deals')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such deal (or contact) in this tenant', type: ProblemResponse })
@Controller('deals')
export class DealsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  create(@CurrentCaller() caller: RpcCaller, @Body() dto: CreateDealDto): Promise<DealView> {
    return this.rpc.send('crm.deals.create', dto, caller);
  }

  @Get()
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListDealsQuery): Promise<Page<DealView>> {
    return this.rpc.send('crm.deals.list', query, caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DealView> {
    return this.rpc.send('crm.deals.get', { id }, caller);
  }

  @Patch(':id')
  update(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() changes: UpdateDealDto,
  ): Promise<DealView> {
    return this.rpc.send('crm.deals.update', { id, changes }, caller);
  }
}
