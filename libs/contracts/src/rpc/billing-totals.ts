/**
 * VAT categories of a document line (EN 16931 codes in brackets): standard (S), zero rated (Z),
 * exempt (E), reverse charge (AE), intra-community supply (K), export (G), outside scope (O).
 */
export const VAT_CATEGORIES = [
  'standard',
  'zero',
  'exempt',
  'reverse_charge',
  'intra_community',
  'export',
  'outside_scope',
] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

export interface VatBreakdownView {
  rate: string;
  category: VatCategory;
  taxable: string;
  vat: string;
}

/** The totals every document answer carries (API.md, "Documents"): decimal strings, 2 decimals. */
export interface TotalsView {
  net: string;
  vat: string;
  gross: string;
  paid: string;
  due: string;
  vatBreakdown: VatBreakdownView[];
}
