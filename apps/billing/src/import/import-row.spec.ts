import { mapColumns } from './import-columns';
import { checkRow, isBlankRow, parsePrice } from './import-row';

const rules = { units: ['pcs', 'h', 'buc'], currencies: ['RON', 'EUR'], vatRates: ['21', '11', '0'] };
const english = mapColumns(
  ['Name', 'Type', 'Unit', 'Product Group', 'Currency', 'VAT rate', 'Price', 'Code'],
  1,
).columns;
const romanian = mapColumns(
  ['Denumire', 'Tip', 'UM', 'Grupa', 'Moneda', 'Cota TVA', 'Pret', 'Cod'],
  1,
).columns;

const check = (cells: string[], columns = english) => checkRow(7, cells, columns, rules);

describe('checking one import row', () => {
  it('accepts a valid row and normalizes what the file may spell loosely', () => {
    expect(check([' Bolt ', 'product', 'PCS', 'Hardware', 'ron', '21%', '12,5', 'B-1'])).toEqual({
      row: {
        rowNo: 7,
        name: 'Bolt',
        code: 'B-1',
        type: 'product',
        unit: 'pcs',
        group: 'Hardware',
        currency: 'RON',
        unitPrice: '12.50',
        vatRate: '21',
      },
      problems: [],
    });
  });

  it('understands Romanian types (Produs, Serviciu) and leaves empty optional cells null', () => {
    const { row, problems } = check(['Montaj', 'Serviciu', 'h', '', 'EUR', '11.00', '', ''], romanian);
    expect(problems).toEqual([]);
    expect(row).toMatchObject({ type: 'service', group: null, unitPrice: null, code: null, vatRate: '11' });
  });

  it('reports every problem of the row under the column header the file uses', () => {
    const { row, problems } = check(['', 'Goods', 'crate', '', 'USD', '19', '-3', ''], romanian);
    expect(problems).toEqual([
      { row: 7, column: 'Denumire', message: 'Name is required' },
      { row: 7, column: 'Tip', message: 'Type must be Product or Service, not "Goods"' },
      { row: 7, column: 'UM', message: 'unit "crate" is not one of the units in settings (pcs, h, buc)' },
      { row: 7, column: 'Moneda', message: 'currency "USD" is not enabled in settings (RON, EUR)' },
      { row: 7, column: 'Cota TVA', message: 'VAT rate "19" is not allowed (allowed: 21, 11, 0)' },
      {
        row: 7,
        column: 'Pret',
        message: expect.stringMatching(/^Price "-3" is not a valid non-negative amount/),
      },
    ]);
    expect(row).toMatchObject({
      name: null,
      type: null,
      unit: null,
      currency: null,
      vatRate: null,
      unitPrice: null,
    });
  });

  it('requires type, unit, currency and VAT rate', () => {
    const { problems } = check(['A', '', '', '', '', '', '', '']);
    expect(problems.map((p) => p.message)).toEqual([
      'Type is required',
      'Unit is required',
      'Currency is required',
      'VAT rate is required',
    ]);
  });

  it('refuses values longer than the catalogue keeps', () => {
    const { problems } = check([
      'N'.repeat(201),
      'Product',
      'pcs',
      'G'.repeat(101),
      'RON',
      '21',
      '',
      'C'.repeat(51),
    ]);
    expect(problems.map((p) => p.column)).toEqual(['Name', 'Code', 'Product Group']);
  });

  it('flags cells past the header (a delimiter in a value that is not quoted)', () => {
    const { problems } = check(['Bolt', ' M8', 'Product', 'pcs', '', 'RON', '21', '1', 'B-1']);
    expect(problems.at(-1)).toEqual({
      row: 7,
      column: null,
      message: expect.stringContaining('more value(s) than the header'),
    });
  });

  it('keeps text that looks like a formula as the text it is', () => {
    const { row } = check(['=HYPERLINK("http://x","y")', 'Product', 'pcs', '@SUM(1)', 'RON', '0', '', '+1']);
    expect(row).toMatchObject({ name: '=HYPERLINK("http://x","y")', group: '@SUM(1)', code: '+1' });
  });

  it('knows blank rows', () => {
    expect(isBlankRow(['', ' ', '\t'])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('import prices', () => {
  it.each([
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['12,5', '12.50'],
    ['0.3355', '0.3355'],
    ['000123.40', '123.40'],
    ['999999999999999.9999', '999999999999999.9999'],
  ])('reads %s as %s', (text, price) => expect(parsePrice(text)).toBe(price));

  it.each(['-1', '1.23456', '1,234.50', '1.234,50', '1e3', '12 RON', 'ten', '1234567890123456', '.5', '5.'])(
    'refuses %s',
    (text) => expect(parsePrice(text)).toBeNull(),
  );
});
