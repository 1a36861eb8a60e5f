import { Decimal } from 'decimal.js';

/** "21", "21.0" and "21.00" are the same VAT rate: compare and store the shortest form. */
export function canonicalRate(rate: string | Decimal): string {
  const value = new Decimal(rate);
  return value.isZero() ? '0' : value.toString();
}

/** A unit price as the API shows it: at least 2 decimals, up to the 4 it may carry ("12.50", "0.335"). */
export function formatUnitPrice(price: string | Decimal): string {
  const value = new Decimal(price);
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}
