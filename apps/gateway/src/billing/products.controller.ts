import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateProductDto,
  ListProductsQuery,
  type Page,
  type ProductView,
  type RpcCaller,
  UpdateProductDto,
} from '@app/contracts';
import { RpcClient } from '@app/platform';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/** The product catalogue lives in billing: each route validates here, billing validates again. */
@ApiTags('products')
@ApiBearerAuth()
@Controller('products')
export class ProductsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  create(@CurrentCaller() caller: RpcCaller, @Body() dto: CreateProductDto): Promise<ProductView> {
    return this.rpc.send('billing.products.create', dto, caller);
  }

  @Get()
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListProductsQuery): Promise<Page<ProductView>> {
    return this.rpc.send('billing.products.list', query, caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<ProductView> {
    return this.rpc.send('billing.products.get', { id }, caller);
  }

  @Patch(':id')
  update(
    @CurrentCaller() caller: RpcCaller,
    @UuidParam() id: string,
    @Body() changes: UpdateProductDto,
  ): Promise<ProductView> {
    return this.rpc.send('billing.products.update', { id, changes }, caller);
  }

  /** Deactivates: documents keep referring to the product; it leaves the catalogue list. */
  @Delete(':id')
  remove(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<ProductView> {
    return this.rpc.send('billing.products.deactivate', { id }, caller);
  }
}
