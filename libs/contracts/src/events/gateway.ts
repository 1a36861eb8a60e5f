import { Type } from 'class-transformer';
import { IsISO31661Alpha2, IsObject, IsString, IsUUID, ValidateNested } from 'class-validator';

export class TenantView {
  @IsUUID() id!: string;
  @IsString() name!: string;
  @IsISO31661Alpha2() country!: string;
}

/**
 * `gateway.tenant.created`, version 1: a company signed up. Billing answers it by creating the
 * tenant's settings with the company name and country, so the first invoice needs less typing.
 */
export class TenantCreatedV1 {
  @IsObject() @ValidateNested() @Type(() => TenantView) tenant!: TenantView;
}

export interface GatewayEventMap {
  'gateway.tenant.created': { version: 1; data: TenantCreatedV1 };
}
