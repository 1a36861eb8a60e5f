import { Decimal } from 'decimal.js';
import type {
  DocumentView,
  FieldProblem,
  LineInputDto,
  LinePatchDto,
  SettingsView,
  VatCategory,
} from '@app/contracts';
import { canonicalRate } from '../common/decimal-text';
import type { LineContent, LineRecord } from '../documents/document.record';

/** The catalogue terms a line from a product starts with. */
export interface ProductTerms {
  id: string;
  name: string;
  unit: string;
  unitPrice: string | null;
  vatRate: string;
}

export type LineSettings = Pick<SettingsView, 'vatRegistered' | 'vatRates' | 'units'>;

/**
 * The VAT category follows from the rate and the seller: a seller that is not VAT registered is
 * exempt (EN 16931 "E"), a VAT payer's 0 % is zero rated ("Z"), any other rate is standard ("S").
 */
export function vatCategoryFor(rate: string, vatRegistered: boolean): VatCategory {
  if (!new Decimal(rate).isZero()) return 'standard';
  return vatRegistered ? 'zero' : 'exempt';
}

/** A VAT payer's lines default to its standard (highest) rate; a seller that is not registered gets 0 %. */
export function defaultVatRate(settings: Pick<SettingsView, 'vatRegistered' | 'vatRates'>): string {
  if (!settings.vatRegistered) return '0';
  return settings.vatRates.reduce((max, rate) => (new Decimal(rate).greaterThan(max) ? rate : max), '0');
}

/**
 * A new line: the product's terms fill in what the request leaves out. A seller that is not VAT
 * registered gets 0 % on every new line unless the request names a rate (which issue refuses).
 */
export function resolveNewLine(
  input: LineInputDto,
  product: ProductTerms | undefined,
  settings: LineSettings,
): LineContent {
  const vatRate = canonicalRate(
    input.vatRate ?? (settings.vatRegistered ? (product?.vatRate ?? defaultVatRate(settings)) : '0'),
  );
  return {
    productId: product?.id ?? null,
    name: input.name?.trim() ?? product?.name ?? null,
    unit: input.unit ?? product?.unit ?? null,
    quantity: input.quantity,
    unitPrice: input.unitPrice ?? product?.unitPrice ?? '0',
    vatRate,
    vatCategory: vatCategoryFor(vatRate, settings.vatRegistered),
  };
}

/**
 * A changed line. Naming another product starts again from that product's terms; otherwise the
 * line keeps what the patch does not change.
 */
export function resolveLinePatch(
  current: LineRecord,
  patch: LinePatchDto,
  product: ProductTerms | undefined,
  settings: LineSettings,
): LineContent {
  const base: LineContent = product
    ? resolveNewLine({ quantity: current.quantity }, product, settings)
    : {
        productId: patch.productId === null ? null : current.productId,
        name: current.name,
        unit: current.unit,
        quantity: current.quantity,
        unitPrice: current.unitPrice,
        vatRate: current.vatRate,
        vatCategory: current.vatCategory,
      };
  const vatRate = patch.vatRate === undefined ? base.vatRate : canonicalRate(patch.vatRate);
  return {
    productId: base.productId,
    name: patch.name?.trim() ?? base.name,
    unit: patch.unit ?? base.unit,
    quantity: patch.quantity ?? base.quantity,
    unitPrice: patch.unitPrice ?? base.unitPrice,
    vatRate,
    vatCategory:
      patch.vatRate === undefined && !product
        ? base.vatCategory
        : vatCategoryFor(vatRate, settings.vatRegistered),
  };
}

/**
 * 422 problems for values a request gives that the tenant's settings do not allow (a unit or rate
 * taken from the catalogue was checked when the product was saved).
 */
export function lineValueProblems(
  input: Pick<LineInputDto, 'unit' | 'vatRate'>,
  settings: LineSettings,
  prefix: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (input.unit !== undefined && !settings.units.includes(input.unit))
    problems.push({
      path: at('unit'),
      message: `unit "${input.unit}" is not one of the units in settings (${settings.units.join(', ')})`,
    });
  if (input.vatRate !== undefined && !settings.vatRates.includes(canonicalRate(input.vatRate)))
    problems.push({
      path: at('vatRate'),
      message: settings.vatRegistered
        ? `VAT rate "${input.vatRate}" is not allowed (${settings.vatRates.join(', ')})`
        : `a seller that is not VAT registered charges no VAT: the rate must be 0`,
    });
  return problems;
}

/** The largest amount a document stores (NUMERIC(21,2) line nets and totals): under 10^15. */
const AMOUNT_LIMIT = new Decimal('1e15');

/**
 * 422 problems for amounts too large to be an invoice: each quantity and price is valid on its
 * own, but their product, or the document's total, must still fit what is stored and printed.
 */
export function amountRangeProblems(document: Pick<DocumentView, 'lines' | 'totals'>): FieldProblem[] {
  const tooLarge = (value: string) => new Decimal(value).abs().gte(AMOUNT_LIMIT);
  const problems: FieldProblem[] = document.lines.flatMap((line, index) =>
    tooLarge(line.net)
      ? [{ path: `lines.${index}.quantity`, message: 'quantity × unit price must be less than 10^15' }]
      : [],
  );
  if (!problems.length && (tooLarge(document.totals.net) || tooLarge(document.totals.gross)))
    problems.push({ path: 'lines', message: 'the document total must be less than 10^15' });
  return problems;
}
