import { Decimal } from 'decimal.js';
import type { ValueTransformer } from 'typeorm';

/** Maps NUMERIC columns to Decimal and back: money never passes through a JS number. */
export const decimalTransformer: ValueTransformer = {
  to: (value: Decimal | string | null | undefined) => (value == null ? value : new Decimal(value).toString()),
  from: (value: string | null) => (value == null ? null : new Decimal(value)),
};
