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
import { DATE_PATTERN, type DocumentView } from './billing-documents';
import { PAYMENT_METHODS, type PaymentMethod } from './billing-settings';

/**
 * Calls only proformas have (API.md, "Proformas only"): mark as paid (optionally turning the
 * proforma into the final fiscal invoice) and void. Any id that is not a proforma of the caller's
 * tenant answers 404.
 */

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * POST /proformas/{id}/mark-paid. `date` defaults to today (tenant's time zone), `method` to the
 * proforma's payment method. `generateInvoice` creates and issues the fiscal invoice in the same
 * step (issue date = the payment date, paid in full); `send` emails that invoice.
 */
export class MarkProformaPaidDto {
  @NotNullIfPresent()
  @IsString()
  @Matches(DATE_PATTERN, { message: 'date must be a date such as "2026-11-26"' })
  date?: string;
  @NotNullIfPresent() @IsIn(PAYMENT_METHODS) method?: PaymentMethod;
  @NotNullIfPresent() @IsBoolean() generateInvoice?: boolean;
  @NotNullIfPresent() @IsBoolean() send?: boolean;
}

export class ProformaRef {
  @IsUUID() id!: string;
}

export class MarkProformaPaidRequest extends ProformaRef {
  @IsObject() @ValidateNested() @Type(() => MarkProformaPaidDto) options!: MarkProformaPaidDto;
}

/** The answer of mark-paid: the proforma (`paid`), and the invoice when one was generated. */
export interface ProformaPaidView {
  proforma: DocumentView;
  /** The final invoice, issued and paid, `proformaId` pointing back; left out unless generated. */
  invoice?: DocumentView;
}

export const BILLING_PROFORMAS_RPC = {
  markPaid: 'billing.proformas.mark-paid',
  void: 'billing.proformas.void',
} as const;

export interface BillingProformasRpcMap {
  'billing.proformas.mark-paid': { request: MarkProformaPaidRequest; response: ProformaPaidView };
  /** The proforma, `voided`. */
  'billing.proformas.void': { request: ProformaRef; response: DocumentView };
}
