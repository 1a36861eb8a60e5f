import { Type } from 'class-transformer';
import {
  IsEmail,
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
  ValidateNested,
} from 'class-validator';
import { Address, AddressDto, Page } from '../common';

export const CONTACT_TYPES = ['person', 'company'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const DEAL_STAGES = ['open', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** A decimal amount as a string: up to 13 integer digits and 2 decimals, optionally negative. */
export const MONEY_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;

export interface ContactView {
  id: string;
  type: ContactType;
  name: string;
  email: string | null;
  phone: string | null;
  address: Address;
  vatId: string | null;
  registrationNumber: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export class CreateContactDto {
  @IsIn(CONTACT_TYPES) type!: ContactType;
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @IsString() @MaxLength(50) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(50) registrationNumber?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class UpdateContactDto {
  @IsOptional() @IsIn(CONTACT_TYPES) type?: ContactType;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @IsString() @MaxLength(50) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(50) registrationNumber?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

export class ListContactsQuery {
  @IsOptional() @IsString() @MaxLength(200) search?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class MoneyDto {
  @Matches(MONEY_PATTERN, { message: 'amount must be a decimal string such as "1234.50"' }) amount!: string;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' }) currency!: string;
}

export interface DealView {
  id: string;
  title: string;
  contactId: string;
  value: { amount: string; currency: string };
  stage: DealStage;
  createdAt: string;
  updatedAt: string;
}

export class CreateDealDto {
  @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @IsUUID() contactId!: string;
  @ValidateNested() @Type(() => MoneyDto) value!: MoneyDto;
  @IsOptional() @IsIn(DEAL_STAGES) stage?: DealStage;
}

export class UpdateDealDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) value?: MoneyDto;
  @IsOptional() @IsIn(DEAL_STAGES) stage?: DealStage;
}

export class ListDealsQuery {
  @IsOptional() @IsUUID() contactId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class IdParam {
  @IsUUID() id!: string;
}

/** Commands and queries crm answers, with their request and response types. */
export interface CrmRpcMap {
  'crm.contacts.create': { request: CreateContactDto; response: ContactView };
  'crm.contacts.list': { request: ListContactsQuery; response: Page<ContactView> };
  'crm.contacts.get': { request: IdParam; response: ContactView };
  'crm.contacts.update': { request: IdParam & { changes: UpdateContactDto }; response: ContactView };
  'crm.contacts.delete': { request: IdParam; response: { deleted: true } };
  'crm.deals.create': { request: CreateDealDto; response: DealView };
  'crm.deals.list': { request: ListDealsQuery; response: Page<DealView> };
  'crm.deals.get': { request: IdParam; response: DealView };
  'crm.deals.update': { request: IdParam & { changes: UpdateDealDto }; response: DealView };
}
