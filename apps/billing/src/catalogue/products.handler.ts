import { Injectable } from '@nestjs/common';
import {
  CreateProductDto,
  ListProductsQuery,
  ProductIdDto,
  UpdateProductRequest,
  type Page,
  type ProductView,
  type RpcCaller,
} from '@app/contracts';
import { RpcHandler } from '@app/platform';
import { tenantOf } from '../common/caller-tenant';
import { ProductsService } from './products.service';

/** RPC entry points of the product catalogue; any member of the tenant may use them. */
@Injectable()
export class ProductsHandler {
  constructor(private readonly products: ProductsService) {}

  @RpcHandler('billing.products.create', CreateProductDto)
  create(payload: CreateProductDto, caller: RpcCaller): Promise<ProductView> {
    return this.products.create(tenantOf(caller), payload);
  }

  @RpcHandler('billing.products.list', ListProductsQuery)
  list(payload: ListProductsQuery, caller: RpcCaller): Promise<Page<ProductView>> {
    return this.products.list(tenantOf(caller), payload);
  }

  @RpcHandler('billing.products.get', ProductIdDto)
  get(payload: ProductIdDto, caller: RpcCaller): Promise<ProductView> {
    return this.products.get(tenantOf(caller), payload.id);
  }

  @RpcHandler('billing.products.update', UpdateProductRequest)
  update(payload: UpdateProductRequest, caller: RpcCaller): Promise<ProductView> {
    return this.products.update(tenantOf(caller), payload.id, payload.changes);
  }

  @RpcHandler('billing.products.deactivate', ProductIdDto)
  deactivate(payload: ProductIdDto, caller: RpcCaller): Promise<ProductView> {
    return this.products.deactivate(tenantOf(caller), payload.id);
  }
}
