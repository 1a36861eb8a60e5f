import { Decimal } from 'decimal.js';
import type { ImportProblem, ProductType } from '@app/contracts';
import { canonicalRate } from '../common/decimal-text';
import { type ColumnMap, FIELD_LABEL, type ImportField } from './import-columns';

/** What a row may say, from the tenant's settings. */
export interface ImportRules {
  units: readonly string[];
  currencies: readonly string[];
  vatRates: readonly string[];
}

/**
 * A row as staged for the checks across rows: a field the row got wrong is null, so the row still
 * takes part in the duplicate checks with the fields it got right.
 */
export interface StagedRow {
  rowNo: number;
  name: string | null;
  code: string | null;
  type: ProductType | null;
  unit: string | null;
  group: string | null;
  currency: string | null;
  /** null: no price given (a new product has none; an existing one keeps its own). */
  unitPrice: string | null;
  vatRate: string | null;
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = { name: 200, code: 50, group: 100 };

const TYPES: Record<string, ProductType> = {
  product: 'product',
  service: 'service',
  produs: 'product',
  serviciu: 'service',
};

/** "12.50" or "12,50" (the two ways a spreadsheet writes decimals); no thousands separators. */
const DECIMAL = /^\d+([.,]\d+)?$/;
const PRICE_INTEGER_DIGITS = 15;
const PRICE_DECIMALS = 4;

/** A row whose cells are all empty is skipped, as a spreadsheet user would expect. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/**
 * Checks one data row on its own (the checks across rows and against the catalogue run later, in
 * SQL). Every problem of the row is reported, not just the first.
 */
export function checkRow(
  rowNo: number,
  cells: readonly string[],
  columns: ColumnMap,
  rules: ImportRules,
): { row: StagedRow; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const column = (field: ImportField) => columns.header[field] ?? FIELD_LABEL[field];
  const problem = (field: ImportField, message: string) =>
    problems.push({ row: rowNo, column: column(field), message });
  const cell = (field: ImportField): string => {
    const index = columns.index[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const required = (field: ImportField): string | null => {
    const value = cell(field);
    if (!value) problem(field, `${FIELD_LABEL[field]} is required`);
    return value || null;
  };
  const limited = (field: ImportField, value: string | null): string | null => {
    const max = MAX_LENGTH[field];
    if (value !== null && max !== undefined && value.length > max) {
      problem(field, `${FIELD_LABEL[field]} is longer than ${max} characters`);
      return null;
    }
    return value;
  };

  const name = limited('name', required('name'));
  const code = limited('code', cell('code') || null);
  const group = limited('group', cell('group') || null);

  let type: ProductType | null = null;
  const typeText = required('type');
  if (typeText !== null) {
    type = TYPES[typeText.toLowerCase()] ?? null;
    if (!type) problem('type', `Type must be Product or Service, not "${typeText}"`);
  }

  let unit: string | null = null;
  const unitText = required('unit');
  if (unitText !== null) {
    // Stored as the settings spell it: "H" in a file is the unit "h".
    unit = rules.units.find((u) => u.toLowerCase() === unitText.toLowerCase()) ?? null;
    if (!unit)
      problem('unit', `unit "${unitText}" is not one of the units in settings (${rules.units.join(', ')})`);
  }

  let currency: string | null = null;
  const currencyText = required('currency');
  if (currencyText !== null) {
    currency = rules.currencies.find((c) => c === currencyText.toUpperCase()) ?? null;
    if (!currency)
      problem(
        'currency',
        `currency "${currencyText}" is not enabled in settings (${rules.currencies.join(', ')})`,
      );
  }

  let vatRate: string | null = null;
  const rateText = required('vatRate');
  if (rateText !== null) {
    const number = rateText.replace(/\s*%$/, '');
    const rate = DECIMAL.test(number) ? canonicalRate(number.replace(',', '.')) : null;
    if (rate !== null && rules.vatRates.includes(rate)) vatRate = rate;
    else problem('vatRate', `VAT rate "${rateText}" is not allowed (allowed: ${rules.vatRates.join(', ')})`);
  }

  let unitPrice: string | null = null;
  const priceText = cell('price');
  if (priceText) {
    unitPrice = parsePrice(priceText);
    if (unitPrice === null)
      problem(
        'price',
        `Price "${priceText}" is not a valid non-negative amount (digits, one decimal separator, up to ${PRICE_DECIMALS} decimals, such as 12.50)`,
      );
  }

  const extra = cells.slice(columns.width).filter((c) => c.trim() !== '').length;
  if (extra > 0)
    problems.push({
      row: rowNo,
      column: null,
      message: `the row has ${extra} more value(s) than the header has columns (a delimiter inside a value that is not quoted?)`,
    });

  return { row: { rowNo, name, code, type, unit, group, currency, unitPrice, vatRate }, problems };
}

/** A non-negative decimal that fits NUMERIC(19,4), as a canonical string, or null. */
export function parsePrice(text: string): string | null {
  if (!DECIMAL.test(text)) return null;
  const [integer, decimals = ''] = text.split(/[.,]/);
  if (decimals.length > PRICE_DECIMALS) return null;
  if (integer.replace(/^0+(?=\d)/, '').length > PRICE_INTEGER_DIGITS) return null;
  return new Decimal(`${integer}.${decimals || '0'}`).toFixed(Math.max(2, decimals.length));
}
