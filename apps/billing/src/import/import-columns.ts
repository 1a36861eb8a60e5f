import type { ImportProblem } from '@app/contracts';

/** The fields a file's columns map to. */
export type ImportField = 'name' | 'type' | 'unit' | 'group' | 'currency' | 'vatRate' | 'price' | 'code';

export const REQUIRED_FIELDS: readonly ImportField[] = [
  'name',
  'type',
  'unit',
  'group',
  'currency',
  'vatRate',
];

/** How each field is called in reports: the English header of the documented template. */
export const FIELD_LABEL: Record<ImportField, string> = {
  name: 'Name',
  type: 'Type',
  unit: 'Unit',
  group: 'Product Group',
  currency: 'Currency',
  vatRate: 'VAT rate',
  price: 'Price',
  code: 'Code',
};

/** Accepted headers, normalized (see normalizeHeader): English and Romanian, with common variants. */
const ALIASES: Record<ImportField, string[]> = {
  name: ['name', 'product name', 'denumire', 'denumire produs', 'nume'],
  type: ['type', 'product type', 'tip', 'tip produs'],
  unit: ['unit', 'unit of measure', 'uom', 'um', 'unitate', 'unitate de masura'],
  group: ['product group', 'group', 'grupa', 'grupa produse', 'grupa produs', 'categorie'],
  currency: ['currency', 'moneda', 'valuta'],
  vatRate: ['vat rate', 'vat', 'vat rate %', 'cota tva', 'tva', 'cota tva %'],
  price: ['price', 'unit price', 'pret', 'pret unitar'],
  code: ['code', 'product code', 'sku', 'cod', 'cod produs'],
};

const FIELD_BY_ALIAS = new Map<string, ImportField>(
  Object.entries(ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as ImportField] as const),
  ),
);

/**
 * "Cotă TVA (%)", "U.M.", " PREȚ " → "cota tva %", "um", "pret": case, diacritics, dots, brackets
 * and extra spaces do not matter in a header.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[()[\]_:*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fieldOf(header: string): ImportField | undefined {
  const normalized = normalizeHeader(header);
  return FIELD_BY_ALIAS.get(normalized) ?? FIELD_BY_ALIAS.get(normalized.replace(/ ?%$/, ''));
}

/** Which cell index holds each field, and the header text as the file spells it (for reports). */
export interface ColumnMap {
  index: Partial<Record<ImportField, number>>;
  header: Partial<Record<ImportField, string>>;
  /** Number of header cells: a row with more non-empty cells is suspicious (an unquoted delimiter). */
  width: number;
}

/**
 * Maps a header row to fields. Unknown columns are ignored (a file may carry notes); a field
 * named twice, or a required one missing, is a problem of the header row.
 */
export function mapColumns(
  headers: readonly string[],
  headerRow: number,
): { columns: ColumnMap; problems: ImportProblem[] } {
  const columns: ColumnMap = { index: {}, header: {}, width: headers.length };
  const problems: ImportProblem[] = [];
  headers.forEach((raw, index) => {
    const text = raw.trim();
    if (!text) return;
    const field = fieldOf(text);
    if (!field) return;
    if (columns.index[field] !== undefined) {
      problems.push({
        row: headerRow,
        column: text,
        message: `the column ${FIELD_LABEL[field]} appears twice ("${columns.header[field]}" and "${text}")`,
      });
      return;
    }
    columns.index[field] = index;
    columns.header[field] = text;
  });
  for (const field of REQUIRED_FIELDS)
    if (columns.index[field] === undefined)
      problems.push({
        row: headerRow,
        column: FIELD_LABEL[field],
        message: `the required column ${FIELD_LABEL[field]} is missing (headers found: ${
          headers.filter((h) => h.trim()).join(', ') || 'none'
        })`,
      });
  return { columns, problems };
}
