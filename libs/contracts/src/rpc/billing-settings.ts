import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIBAN,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { type Address, AddressDto } from '../common';

export const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Kinds of document that take a number from a series of their own. */
export const SERIES_KINDS = ['invoice', 'proforma', 'offer', 'receipt'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const LANGUAGES = ['ro', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A VAT rate in percent as a string: "21", "11", "5.5", "0" (up to 2 decimals). */
export const VAT_RATE_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;
/** A series prefix: letters and digits, printed before the dash of `INV-0042`. */
export const SERIES_PREFIX_PATTERN = /^[A-Za-z0-9]{1,10}$/;

/** The field may be left out, but not set to null (for settings that always have a value). */
const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export interface CompanyView {
  legalName: string | null;
  vatId: string | null;
  registrationNumber: string | null;
  address: Address;
  bankName: string | null;
  iban: string | null;
  email: string | null;
  phone: string | null;
}

export interface SeriesView {
  prefix: string;
  yearlyReset: boolean;
  /** Read-only: the number the next issued document of this kind gets. */
  nextNumber: number;
}

/** GET /settings (API.md, "Settings"). */
export interface SettingsView {
  company: CompanyView;
  timeZone: string;
  vatRegistered: boolean;
  vatExemptionNote: string;
  vatRates: string[];
  units: string[];
  currencies: string[];
  defaultCurrency: string;
  defaultPaymentTermDays: number;
  defaultPaymentMethod: PaymentMethod;
  series: Record<SeriesKind, SeriesView>;
  emailSenderName: string | null;
  language: Language;
  draftOnDealWon: boolean;
}

export class CompanyPatchDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) legalName?: string | null;
  @IsOptional() @IsString() @MaxLength(50) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(50) registrationNumber?: string | null;
  @IsOptional() @ValidateNested() @Type(() => AddressDto) address?: AddressDto;
  @IsOptional() @IsString() @MaxLength(100) bankName?: string | null;
  @IsOptional()
  @IsIBAN(undefined, { message: 'iban must be a valid IBAN, such as "RO49AAAA1B31007593840000"' })
  iban?: string | null;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @IsOptional() @IsString() @MaxLength(50) phone?: string | null;
}

export class SeriesPatchDto {
  @NotNullIfPresent()
  @Matches(SERIES_PREFIX_PATTERN, { message: 'prefix must be 1 to 10 letters or digits' })
  prefix?: string;
  @NotNullIfPresent() @IsBoolean() yearlyReset?: boolean;
}

export class SeriesSettingsPatchDto {
  @IsOptional() @ValidateNested() @Type(() => SeriesPatchDto) invoice?: SeriesPatchDto;
  @IsOptional() @ValidateNested() @Type(() => SeriesPatchDto) proforma?: SeriesPatchDto;
  @IsOptional() @ValidateNested() @Type(() => SeriesPatchDto) offer?: SeriesPatchDto;
  @IsOptional() @ValidateNested() @Type(() => SeriesPatchDto) receipt?: SeriesPatchDto;
}

/** PATCH /settings: any subset; nested objects are merged, lists replaced. */
export class UpdateSettingsDto {
  @NotNullIfPresent() @ValidateNested() @Type(() => CompanyPatchDto) company?: CompanyPatchDto;
  @NotNullIfPresent() @IsString() @IsTimeZone() timeZone?: string;
  @NotNullIfPresent() @IsBoolean() vatRegistered?: boolean;
  @NotNullIfPresent() @IsString() @IsNotEmpty() @MaxLength(500) vatExemptionNote?: string;
  @NotNullIfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @Matches(VAT_RATE_PATTERN, { each: true, message: 'each VAT rate must be a decimal string such as "21"' })
  vatRates?: string[];
  @NotNullIfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(20, { each: true })
  units?: string[];
  @NotNullIfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each currency must be an ISO 4217 code such as "RON"' })
  currencies?: string[];
  @NotNullIfPresent()
  @Matches(/^[A-Z]{3}$/, { message: 'defaultCurrency must be an ISO 4217 code such as "RON"' })
  defaultCurrency?: string;
  @NotNullIfPresent() @IsInt() @Min(0) @Max(365) defaultPaymentTermDays?: number;
  @NotNullIfPresent() @IsIn(PAYMENT_METHODS) defaultPaymentMethod?: PaymentMethod;
  @NotNullIfPresent() @ValidateNested() @Type(() => SeriesSettingsPatchDto) series?: SeriesSettingsPatchDto;
  @IsOptional() @IsString() @MaxLength(100) emailSenderName?: string | null;
  @NotNullIfPresent() @IsIn(LANGUAGES) language?: Language;
  @NotNullIfPresent() @IsBoolean() draftOnDealWon?: boolean;
}

/** Sent once by the sign-up flow for the new tenant; repeating it changes nothing. */
export class InitializeSettingsDto {
  @IsString() @IsNotEmpty() @MaxLength(200) companyName!: string;
  @IsISO31661Alpha2() country!: string;
}

export const BILLING_SETTINGS_RPC = {
  get: 'billing.settings.get',
  update: 'billing.settings.update',
  initialize: 'billing.settings.initialize',
} as const;

export interface BillingSettingsRpcMap {
  'billing.settings.get': { request: Record<string, never>; response: SettingsView };
  /** Admins only (403 otherwise). */
  'billing.settings.update': { request: UpdateSettingsDto; response: SettingsView };
  'billing.settings.initialize': { request: InitializeSettingsDto; response: SettingsView };
}
