import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import type { RecurrenceView } from '../events/recurrence';
import { InvoiceRef } from './billing-invoices';

/**
 * Recurring invoices (API.md, `PUT/GET/DELETE /invoices/{id}/recurrence`): `id` is the origin, an
 * issued invoice of the caller's tenant. The answer is the RecurrenceView the events carry, with
 * `nextRunDate` as the scheduler plans it (null when stopped or while the scheduler cannot say).
 */

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** PUT /invoices/{id}/recurrence. `send` emails each invoice made to the buyer (default false). */
export class RecurrenceDto {
  @NotNullIfPresent() @IsBoolean() send?: boolean;
}

export class StartRecurrenceRequest extends InvoiceRef {
  @IsObject() @ValidateNested() @Type(() => RecurrenceDto) options!: RecurrenceDto;
}

export const BILLING_RECURRENCE_RPC = {
  start: 'billing.invoices.recurrence.start',
  get: 'billing.invoices.recurrence.get',
  stop: 'billing.invoices.recurrence.stop',
} as const;

export interface BillingRecurrenceRpcMap {
  /**
   * Switches recurrence on from an issued invoice (409 for a draft, a storno or a reversed
   * invoice), starts a stopped one again, or changes `send` of a running one.
   */
  'billing.invoices.recurrence.start': { request: StartRecurrenceRequest; response: RecurrenceView };
  /** The invoice's recurrence; NOT_FOUND when it has none. */
  'billing.invoices.recurrence.get': { request: InvoiceRef; response: RecurrenceView };
  /** Stops it (again: nothing changes); the invoices it made stay. NOT_FOUND when it has none. */
  'billing.invoices.recurrence.stop': { request: InvoiceRef; response: RecurrenceView };
}
