import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Page } from '../common';
import { VAT_RATE_PATTERN } from './billing-settings';

export const PRODUCT_TYPES = ['product', 'service'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** A unit price: non-negative, up to 15 integer digits and 4 decimals (NUMERIC(19,4)). */
export const UNIT_PRICE_PATTERN = /^\d{1,15}(\.\d{1,4})?$/;

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
/** Query strings carry booleans as text. */
const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export interface ProductView {
  id: string;
  name: string;
  code: string | null;
  type: ProductType;
  unit: string;
  group: string | null;
  currency: string;
  /** null: no list price, the line gives one. */
  unitPrice: string | null;
  vatRate: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export class CreateProductDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) code?: string | null;
  @IsIn(PRODUCT_TYPES) type!: ProductType;
  @IsString() @IsNotEmpty() @MaxLength(20) unit!: string;
  @IsOptional() @IsString() @MaxLength(100) group?: string | null;
  /** Defaults to the tenant's default currency. */
  @NotNullIfPresent()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' })
  currency?: string;
  @IsOptional()
  @Matches(UNIT_PRICE_PATTERN, {
    message: 'unitPrice must be a non-negative decimal string with up to 4 decimals, such as "12.50"',
  })
  unitPrice?: string | null;
  /** Defaults to the tenant's highest allowed rate ("0" when not VAT registered). */
  @NotNullIfPresent()
  @Matches(VAT_RATE_PATTERN, { message: 'vatRate must be a decimal string such as "21"' })
  vatRate?: string;
}

export class UpdateProductDto {
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) code?: string | null;
  @NotNullIfPresent() @IsIn(PRODUCT_TYPES) type?: ProductType;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(20) unit?: string;
  @IsOptional() @IsString() @MaxLength(100) group?: string | null;
  @NotNullIfPresent()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' })
  currency?: string;
  @IsOptional()
  @Matches(UNIT_PRICE_PATTERN, {
    message: 'unitPrice must be a non-negative decimal string with up to 4 decimals, such as "12.50"',
  })
  unitPrice?: string | null;
  @NotNullIfPresent()
  @Matches(VAT_RATE_PATTERN, { message: 'vatRate must be a decimal string such as "21"' })
  vatRate?: string;
  /** true reactivates a product that DELETE deactivated. */
  @NotNullIfPresent() @IsBoolean() active?: boolean;
}

export class ListProductsQuery {
  /** Matches name or code, case-insensitive, anywhere in the text. */
  @IsOptional() @IsString() @MaxLength(200) search?: string;
  /** Deactivated products are left out unless asked for. */
  @IsOptional() @QueryBoolean() @IsBoolean() includeInactive?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ProductIdDto {
  @IsUUID() id!: string;
}

export class UpdateProductRequest {
  @IsUUID() id!: string;
  @ValidateNested() @Type(() => UpdateProductDto) changes!: UpdateProductDto;
}

export const BILLING_PRODUCTS_RPC = {
  create: 'billing.products.create',
  list: 'billing.products.list',
  get: 'billing.products.get',
  update: 'billing.products.update',
  deactivate: 'billing.products.deactivate',
} as const;

export interface BillingProductsRpcMap {
  'billing.products.create': { request: CreateProductDto; response: ProductView };
  'billing.products.list': { request: ListProductsQuery; response: Page<ProductView> };
  'billing.products.get': { request: ProductIdDto; response: ProductView };
  'billing.products.update': { request: UpdateProductRequest; response: ProductView };
  'billing.products.deactivate': { request: ProductIdDto; response: ProductView };
}
