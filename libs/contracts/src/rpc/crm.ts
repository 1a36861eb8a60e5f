// class-transformer's @Type reads decorator metadata when these classes are defined: load the
// polyfill here so importing the contracts works in any consumer, test or script.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO8601,
  IsNotEmpty,
  IsObject,
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
import { type Address, AddressDto, type Page } from '../common';

export const CONTACT_TYPES = ['person', 'company'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];
export const DEAL_STAGES = ['open', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** A decimal amount as a string: up to 13 integer digits and 2 decimals, optionally negative. */
export const MONEY_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;

/** Page size of every crm list: `limit` defaults to 50 and may not exceed 200 (API.md, "Lists"). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const CRM_RPC = {
  contactsCreate: 'crm.contacts.create',
  contactsList: 'crm.contacts.list',
  contactsGet: 'crm.contacts.get',
  contactsUpdate: 'crm.contacts.update',
  contactsDelete: 'crm.contacts.delete',
  dealsCreate: 'crm.deals.create',
  dealsList: 'crm.deals.list',
  dealsGet: 'crm.deals.get',
  dealsUpdate: 'crm.deals.update',
} as const;

/** The field must be present; `null` is a valid value (the view always carries every field). */
const NullableField = () => ValidateIf((_object: unknown, value: unknown) => value !== null);
/** In a PATCH: the field may be left out, but when given it may not be `null` (it cannot be cleared). */
const NotClearable = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

// ---------------------------------------------------------------------------------------------
// Views: what crm answers and what its events carry. Classes, so a consumer can validate them.
// ---------------------------------------------------------------------------------------------

/** A postal address as crm returns it: every field present, `null` when unknown. */
export class AddressView implements Address {
  @NullableField() @IsString() street!: string | null;
  @NullableField() @IsString() city!: string | null;
  @NullableField() @IsString() region!: string | null;
  @NullableField() @IsString() postalCode!: string | null;
  /** ISO 3166-1 alpha-2, upper case (`RO`). */
  @NullableField() @IsISO31661Alpha2() country!: string | null;
}

export class ContactView {
  @IsUUID() id!: string;
  @IsIn(CONTACT_TYPES) type!: ContactType;
  @IsString() @IsNotEmpty() name!: string;
  @NullableField() @IsString() email!: string | null;
  @NullableField() @IsString() phone!: string | null;
  @IsObject() @ValidateNested() @Type(() => AddressView) address!: AddressView;
  @NullableField() @IsString() vatId!: string | null;
  @NullableField() @IsString() registrationNumber!: string | null;
  @NullableField() @IsString() notes!: string | null;
  @IsISO8601({ strict: true }) createdAt!: string;
  @IsISO8601({ strict: true }) updatedAt!: string;
}

/** An amount of money: a decimal string (never a JS number) and an ISO 4217 currency. */
export class MoneyDto {
  @IsString()
  @Matches(MONEY_PATTERN, { message: 'amount must be a decimal string such as "1234.50"' })
  amount!: string;
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as "RON"' })
  currency!: string;
}

export class DealView {
  @IsUUID() id!: string;
  @IsString() @IsNotEmpty() title!: string;
  @IsUUID() contactId!: string;
  /** The amount always has two decimals (`"1500.00"`). */
  @IsObject() @ValidateNested() @Type(() => MoneyDto) value!: MoneyDto;
  @IsIn(DEAL_STAGES) stage!: DealStage;
  @IsISO8601({ strict: true }) createdAt!: string;
  @IsISO8601({ strict: true }) updatedAt!: string;
}

// ---------------------------------------------------------------------------------------------
// Requests. Unknown fields are refused at both ends (the gateway and crm validate these classes).
// ---------------------------------------------------------------------------------------------

export class CreateContactDto {
  @IsIn(CONTACT_TYPES) type!: ContactType;
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto) address?: AddressDto | null;
  @IsOptional() @IsString() @MaxLength(50) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(50) registrationNumber?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

/**
 * PATCH semantics: a field left out is kept, `null` clears an optional field, and `address` is
 * merged field by field (`{address: {city: null}}` clears only the city; `{address: null}` clears
 * the whole address). `type` and `name` can be changed but not cleared.
 */
export class UpdateContactDto {
  @NotClearable() @IsIn(CONTACT_TYPES) type?: ContactType;
  @NotClearable() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AddressDto) address?: AddressDto | null;
  @IsOptional() @IsString() @MaxLength(50) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(50) registrationNumber?: string | null;
  @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
}

/**
 * `search` matches name, email, VAT id and registration number, case-insensitively, as a plain
 * substring (`%` and `_` are literal). `cursor` is the opaque `nextCursor` of the previous page.
 */
export class ListContactsQuery {
  @IsOptional() @IsString() @MaxLength(200) search?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class CreateDealDto {
  @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  /** An existing contact of the same tenant; otherwise 422 with `errors: [{path: "contactId"}]`. */
  @IsUUID() contactId!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) value!: MoneyDto;
  /** Defaults to `open`; a deal created as `won` emits `crm.deal.won` at once. */
  @IsOptional() @IsIn(DEAL_STAGES) stage?: DealStage;
}

/** PATCH: every field optional, none clearable. Moving `stage` to `won` emits `crm.deal.won`. */
export class UpdateDealDto {
  @NotClearable() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @NotClearable() @IsObject() @ValidateNested() @Type(() => MoneyDto) value?: MoneyDto;
  @NotClearable() @IsIn(DEAL_STAGES) stage?: DealStage;
}

export class ListDealsQuery {
  @IsOptional() @IsUUID() contactId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class IdParam {
  @IsUUID() id!: string;
}

/** `crm.contacts.update`: the id and the PATCH body (errors inside it are reported as `changes.<field>`). */
export class UpdateContactRequest extends IdParam {
  @IsObject() @ValidateNested() @Type(() => UpdateContactDto) changes!: UpdateContactDto;
}

/** `crm.deals.update`: the id and the PATCH body (errors inside it are reported as `changes.<field>`). */
export class UpdateDealRequest extends IdParam {
  @IsObject() @ValidateNested() @Type(() => UpdateDealDto) changes!: UpdateDealDto;
}

/** Commands and queries crm answers, with their request and response types. */
export interface CrmRpcMap {
  'crm.contacts.create': { request: CreateContactDto; response: ContactView };
  'crm.contacts.list': { request: ListContactsQuery; response: Page<ContactView> };
  'crm.contacts.get': { request: IdParam; response: ContactView };
  'crm.contacts.update': { request: UpdateContactRequest; response: ContactView };
  'crm.contacts.delete': { request: IdParam; response: { deleted: true } };
  'crm.deals.create': { request: CreateDealDto; response: DealView };
  'crm.deals.list': { request: ListDealsQuery; response: Page<DealView> };
  'crm.deals.get': { request: IdParam; response: DealView };
  'crm.deals.update': { request: UpdateDealRequest; response: DealView };
}
