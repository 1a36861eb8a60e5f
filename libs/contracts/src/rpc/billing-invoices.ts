import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Page } from '../common';
import { DATE_PATTERN, type DocumentView } from './billing-documents';
import { PAYMENT_METHODS, type PaymentMethod } from './billing-settings';

/**
 * Calls only invoices have (API.md, "Invoices only"): reversal by a storno invoice, and payments.
 * Proformas are voided by a route of their own; this one answers 404 for any id that is not an
 * invoice of the caller's tenant.
 */

/** A payment amount: positive, up to 13 integer digits and 2 decimals ("250.00", "0.5"). */
export const PAYMENT_AMOUNT_PATTERN = /^(?!0+(\.0{1,2})?$)\d{1,13}(\.\d{1,2})?$/;

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A payment recorded on an issued invoice. `amount` is in the invoice's currency. */
export interface PaymentView {
  id: string;
  invoiceId: string;
  amount: string;
  /** The day the money was received, `YYYY-MM-DD`. */
  date: string;
  method: PaymentMethod;
  createdAt: string;
}

/** POST /invoices/{id}/reverse. `send` queues the storno's PDF by email to the buyer. */
export class ReverseInvoiceDto {
  @NotNullIfPresent() @IsBoolean() send?: boolean;
}

/** POST /invoices/{id}/payments. */
export class RecordPaymentDto {
  @IsString()
  @Matches(PAYMENT_AMOUNT_PATTERN, {
    message: 'amount must be a positive decimal string with up to 2 decimals, such as "250.00"',
  })
  amount!: string;
  @IsString() @Matches(DATE_PATTERN, { message: 'date must be a date such as "2026-11-26"' }) date!: string;
  @IsIn(PAYMENT_METHODS) method!: PaymentMethod;
}

export class InvoiceRef {
  @IsUUID() id!: string;
}

export class ReverseInvoiceRequest extends InvoiceRef {
  @IsObject() @ValidateNested() @Type(() => ReverseInvoiceDto) options!: ReverseInvoiceDto;
}

export class RecordPaymentRequest extends InvoiceRef {
  @IsObject() @ValidateNested() @Type(() => RecordPaymentDto) payment!: RecordPaymentDto;
}

export const BILLING_INVOICES_RPC = {
  reverse: 'billing.invoices.reverse',
  recordPayment: 'billing.invoices.payments.record',
  listPayments: 'billing.invoices.payments.list',
} as const;

export interface BillingInvoicesRpcMap {
  /** The storno, issued (numbered in the invoice series); the original is `reversed`. */
  'billing.invoices.reverse': { request: ReverseInvoiceRequest; response: DocumentView };
  'billing.invoices.payments.record': { request: RecordPaymentRequest; response: PaymentView };
  /** Every payment of the invoice, oldest first, in one page (`nextCursor` is always null). */
  'billing.invoices.payments.list': { request: InvoiceRef; response: Page<PaymentView> };
}
