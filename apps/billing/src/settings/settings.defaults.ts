import type { SeriesKind, SettingsView } from '@app/contracts';

/** What a new tenant starts with: a Romanian VAT payer invoicing in RON. */
export const DEFAULT_SETTINGS: Omit<SettingsView, 'company' | 'series' | 'emailSenderName'> = {
  timeZone: 'Europe/Bucharest',
  vatRegistered: true,
  vatExemptionNote: 'VAT exempt',
  vatRates: ['21', '11', '0'],
  units: ['pcs', 'h', 'service', 'kg', 'm'],
  currencies: ['RON', 'EUR'],
  defaultCurrency: 'RON',
  defaultPaymentTermDays: 14,
  defaultPaymentMethod: 'bank_transfer',
  language: 'ro',
  draftOnDealWon: false,
};

export const DEFAULT_SERIES_PREFIX: Record<SeriesKind, string> = {
  invoice: 'INV',
  proforma: 'PRF',
  offer: 'OFR',
  receipt: 'RCP',
};
