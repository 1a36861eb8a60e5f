import { fieldOf, mapColumns, normalizeHeader } from './import-columns';

describe('import column headers', () => {
  it('match the English template ignoring case and spaces', () => {
    expect(
      ['NAME', ' type ', 'Unit', 'product group', 'CURRENCY', 'Vat Rate', 'price', 'Code'].map(fieldOf),
    ).toEqual(['name', 'type', 'unit', 'group', 'currency', 'vatRate', 'price', 'code']);
  });

  it('match the Romanian headers, with or without diacritics, dots or a percent sign', () => {
    expect(
      [
        'Denumire',
        'TIP',
        'UM',
        'U.M.',
        'Grupa',
        'Monedă',
        'Moneda',
        'Cota TVA',
        'Cotă TVA (%)',
        'Preț',
        'Pret',
        'cod',
      ].map(fieldOf),
    ).toEqual([
      'name',
      'type',
      'unit',
      'unit',
      'group',
      'currency',
      'currency',
      'vatRate',
      'vatRate',
      'price',
      'price',
      'code',
    ]);
    expect(normalizeHeader('  Cotă   TVA (%) ')).toBe('cota tva %');
  });

  it('ignore columns they do not know', () => {
    expect(fieldOf('Notes')).toBeUndefined();
    const { columns, problems } = mapColumns(
      ['Notes', 'Name', 'Type', 'Unit', 'Group', 'Currency', 'VAT'],
      1,
    );
    expect(problems).toEqual([]);
    expect(columns.index).toEqual({ name: 1, type: 2, unit: 3, group: 4, currency: 5, vatRate: 6 });
    expect(columns.header.group).toBe('Group');
  });

  it('report every missing required column on the header row', () => {
    const { problems } = mapColumns(['Denumire', 'Pret'], 3);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Type'],
      [3, 'Unit'],
      [3, 'Product Group'],
      [3, 'Currency'],
      [3, 'VAT rate'],
    ]);
    expect(problems[0].message).toBe('the required column Type is missing (headers found: Denumire, Pret)');
  });

  it('report a field given by two columns (Name and Denumire)', () => {
    const { problems } = mapColumns(['Name', 'Type', 'Unit', 'Grupa', 'Moneda', 'TVA', 'Denumire'], 1);
    expect(problems).toEqual([
      { row: 1, column: 'Denumire', message: 'the column Name appears twice ("Name" and "Denumire")' },
    ]);
  });
});
