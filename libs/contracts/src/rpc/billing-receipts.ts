import { Type } from 'class-transformer';
import {
  IsInt,
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
import type { Page } from '../common';
import type { BuyerView, SellerView } from './billing-documents';

/**
 * Cash receipts (chitanțe, API.md "Invoices only"): issued from a cash invoice for the amount due
 * or a part of it, numbered in the tenant's receipt series (`RCP-0001`) at the moment the payment
 * they record is stored. Like every numbered document, a receipt never changes once issued.
 */

/** A receipt amount as typed: a decimal with up to 2 decimals. Zero, negative or too much: 422. */
export const RECEIPT_AMOUNT_PATTERN = /^-?\d{1,13}(\.\d{1,2})?$/;

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** GET /receipts/{id}, the answer of POST /invoices/{id}/receipts and `billing.receipt.issued`. */
export interface ReceiptView {
  id: string;
  /** The series prefix (`RCP`), the number in it and the printed number (`RCP-0001`). */
  series: string;
  number: number;
  fullNumber: string;
  invoiceId: string;
  /** The paid invoice's printed number and issue date, as the receipt prints them. */
  invoiceNumber: string;
  invoiceIssueDate: string;
  /** The cash payment this receipt recorded on the invoice. */
  paymentId: string;
  amount: string;
  currency: string;
  /** The day the cash was received (the receipt's date), `YYYY-MM-DD` in the tenant's time zone. */
  date: string;
  /** The amount in words in the tenant's language ("o sută unu lei"). */
  amountInWords: string;
  /** Seller and buyer as they were on the invoice. */
  seller: SellerView;
  buyer: BuyerView;
  issuedAt: string;
}

/** POST /invoices/{id}/receipts. Without `amount`: everything that is due. */
export class IssueReceiptDto {
  @NotNullIfPresent()
  @IsString()
  @Matches(RECEIPT_AMOUNT_PATTERN, {
    message: 'amount must be a decimal string with up to 2 decimals, such as "250.00"',
  })
  amount?: string;
}

/** GET /receipts: newest first. */
export class ListReceiptsQuery {
  @IsOptional() @IsUUID() invoiceId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class ReceiptRef {
  @IsUUID() id!: string;
}

export class IssueReceiptRequest {
  /** The invoice. */
  @IsUUID() id!: string;
  @IsObject() @ValidateNested() @Type(() => IssueReceiptDto) receipt!: IssueReceiptDto;
}

export const BILLING_RECEIPTS_RPC = {
  issue: 'billing.invoices.receipts.issue',
  list: 'billing.receipts.list',
  get: 'billing.receipts.get',
} as const;

export interface BillingReceiptsRpcMap {
  'billing.invoices.receipts.issue': { request: IssueReceiptRequest; response: ReceiptView };
  'billing.receipts.list': { request: ListReceiptsQuery; response: Page<ReceiptView> };
  'billing.receipts.get': { request: ReceiptRef; response: ReceiptView };
}
