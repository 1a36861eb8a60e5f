import type { PaymentMethod, VatCategory } from '@app/contracts';
import { normalizeName } from './ro-county-codes';

/**
 * Our units (free text from the tenant's settings, `pcs`, `h`, `service`, `kg`, `m` by default) as
 * UN/ECE Recommendation 20 codes (BT-130). Matched diacritics- and case-insensitively, English and
 * Romanian spellings. A unit already written as one of these codes is kept. Anything unknown
 * becomes C62 ("one", a count of units), which every reader accepts; the table is in README.md.
 */
const UNIT_CODES: ReadonlyArray<readonly [code: string, names: readonly string[]]> = [
  [
    'H87',
    ['pcs', 'pc', 'piece', 'pieces', 'buc', 'bucata', 'bucati', 'bucăți', 'ea', 'each', 'unit', 'units'],
  ],
  ['C62', ['service', 'services', 'serviciu', 'servicii', 'one', 'unitate', 'activity', 'job', 'lucrare']],
  ['HUR', ['h', 'hr', 'hrs', 'hour', 'hours', 'ora', 'ore']],
  ['MIN', ['min', 'minute', 'minutes', 'minut']],
  ['DAY', ['day', 'days', 'zi', 'zile']],
  ['WEE', ['week', 'weeks', 'saptamana', 'saptamani']],
  ['MON', ['month', 'months', 'luna', 'luni']],
  ['ANN', ['year', 'years', 'an', 'ani']],
  ['KGM', ['kg', 'kgs', 'kilogram', 'kilograms']],
  ['GRM', ['g', 'gram', 'grams', 'gr']],
  ['TNE', ['t', 'tonne', 'tonnes', 'tona', 'tone']],
  ['MTR', ['m', 'meter', 'meters', 'metre', 'metres', 'metru', 'metri']],
  ['KMT', ['km', 'kilometer', 'kilometers', 'kilometru', 'kilometri']],
  ['MTK', ['m2', 'mp', 'sqm', 'square meter', 'square meters', 'metru patrat', 'metri patrati']],
  ['MTQ', ['m3', 'mc', 'cubic meter', 'cubic meters', 'metru cub', 'metri cubi']],
  ['LTR', ['l', 'liter', 'liters', 'litre', 'litres', 'litru', 'litri']],
  ['KWH', ['kwh']],
  ['SET', ['set', 'sets', 'seturi']],
  ['PR', ['pair', 'pairs', 'pereche', 'perechi']],
];

const UNIT_BY_NAME = new Map<string, string>();
for (const [code, names] of UNIT_CODES) for (const name of names) UNIT_BY_NAME.set(normalizeName(name), code);
const KNOWN_CODES = new Set(UNIT_CODES.map(([code]) => code));

/** Fallback for units we cannot map: C62, "one". */
export const DEFAULT_UNIT_CODE = 'C62';

export function unitCode(unit: string | null | undefined): string {
  if (!unit) return DEFAULT_UNIT_CODE;
  const trimmed = unit.trim();
  if (KNOWN_CODES.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  // "m²" normalizes to "m" and would read as metres: spell the superscripts out first.
  const spelled = trimmed.replace(/²/g, '2').replace(/³/g, '3');
  return UNIT_BY_NAME.get(normalizeName(spelled)) ?? DEFAULT_UNIT_CODE;
}

/**
 * Payment method → UNTDID 4461 payment means code (BT-81). A bank transfer is 30 "credit transfer"
 * with the seller's IBAN (BT-84; BR-61 requires it for 30); without an IBAN it is 42 "payment to bank
 * account", which needs none.
 */
export function paymentMeansCode(method: PaymentMethod, hasIban: boolean): string {
  switch (method) {
    case 'bank_transfer':
      return hasIban ? '30' : '42';
    case 'cash':
      return '10';
    case 'card':
      return '48';
    case 'other':
      return '1';
  }
}

export interface UblVatCategory {
  /** UNCL 5305 code (BT-118, BT-151). */
  code: 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O';
  /** Whether the rate (BT-119) is written: every category but O ("not subject to VAT"). */
  hasRate: boolean;
  /** VATEX code (BT-121) for categories that need a reason and get none from the document. */
  exemptionCode: string | null;
  /** Default reason text (BT-120) for those categories. */
  exemptionReason: string | null;
}

/**
 * VAT category → EN 16931 code. E takes its reason from the document's exemption note; AE, K, G and
 * O need a reason too (BR-AE-10, BR-IC-10, BR-G-10, BR-O-10) and get the VATEX code and its text.
 */
export const VAT_CATEGORY_CODES: Readonly<Record<VatCategory, UblVatCategory>> = {
  standard: { code: 'S', hasRate: true, exemptionCode: null, exemptionReason: null },
  zero: { code: 'Z', hasRate: true, exemptionCode: null, exemptionReason: null },
  exempt: { code: 'E', hasRate: true, exemptionCode: null, exemptionReason: null },
  reverse_charge: {
    code: 'AE',
    hasRate: true,
    exemptionCode: 'VATEX-EU-AE',
    exemptionReason: 'Reverse charge',
  },
  intra_community: {
    code: 'K',
    hasRate: true,
    exemptionCode: 'VATEX-EU-IC',
    exemptionReason: 'Intra-Community supply',
  },
  export: { code: 'G', hasRate: true, exemptionCode: 'VATEX-EU-G', exemptionReason: 'Export outside the EU' },
  outside_scope: {
    code: 'O',
    hasRate: false,
    exemptionCode: 'VATEX-EU-O',
    exemptionReason: 'Not subject to VAT',
  },
};
