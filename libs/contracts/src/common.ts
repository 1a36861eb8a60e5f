import { IsISO31661Alpha2, IsOptional, IsString, MaxLength } from 'class-validator';

export class AddressDto {
  @IsOptional() @IsString() @MaxLength(200) street?: string | null;
  @IsOptional() @IsString() @MaxLength(100) city?: string | null;
  @IsOptional() @IsString() @MaxLength(100) region?: string | null;
  @IsOptional() @IsString() @MaxLength(20) postalCode?: string | null;
  @IsOptional() @IsISO31661Alpha2() country?: string | null;
}

export interface Address {
  street: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export class ListQueryDto {
  @IsOptional() @IsString() cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
