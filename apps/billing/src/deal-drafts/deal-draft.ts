import { Decimal } from 'decimal.js';
import type { DealView, SettingsView } from '@app/contracts';
import type { LineContent } from '../documents/document.record';
import { defaultVatRate, vatCategoryFor } from '../drafts/draft-lines';

/** The unit of the deal's line: `service` when the tenant has it, else its first unit. */
export function dealUnit(settings: Pick<SettingsView, 'units'>): string | null {
  return settings.units.includes('service') ? 'service' : (settings.units[0] ?? null);
}

/**
 * The one line of the draft a won deal becomes: the deal's title at the deal's value, quantity 1,
 * at the tenant's standard (highest) VAT rate (0 % exempt when not VAT registered). Not saved to
 * the catalogue: a deal title is not a product. A negative deal value becomes quantity -1, since
 * unit prices are never negative.
 */
export function dealLine(
  deal: Pick<DealView, 'title'> & { value: { amount: string } },
  settings: Pick<SettingsView, 'units' | 'vatRates' | 'vatRegistered'>,
): LineContent {
  const amount = new Decimal(deal.value.amount);
  const vatRate = defaultVatRate(settings);
  return {
    productId: null,
    name: deal.title.trim(),
    unit: dealUnit(settings),
    quantity: amount.isNegative() ? '-1' : '1',
    unitPrice: amount.abs().toFixed(2),
    vatRate,
    vatCategory: vatCategoryFor(vatRate, settings.vatRegistered),
  };
}

/**
 * The draft's currency: the deal's when the tenant has it enabled, else the tenant's default.
 * The amount is not converted (billing has no exchange rates), so the draft's internal name says
 * which currency the deal was in and the user checks the price before issuing.
 */
export function dealCurrency(
  deal: { value: { currency: string } },
  settings: Pick<SettingsView, 'currencies' | 'defaultCurrency'>,
): { currency: string; converted: boolean } {
  return settings.currencies.includes(deal.value.currency)
    ? { currency: deal.value.currency, converted: false }
    : { currency: settings.defaultCurrency, converted: true };
}
