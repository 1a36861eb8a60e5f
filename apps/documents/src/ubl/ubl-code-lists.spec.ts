import { paymentMeansCode, unitCode, VAT_CATEGORY_CODES } from './ubl-code-lists';

describe('UN/ECE Rec. 20 unit codes', () => {
  it.each([
    ['pcs', 'H87'],
    ['buc', 'H87'],
    ['bucăți', 'H87'],
    ['h', 'HUR'],
    ['oră', 'HUR'],
    ['ore', 'HUR'],
    ['service', 'C62'],
    ['serviciu', 'C62'],
    ['kg', 'KGM'],
    ['KG', 'KGM'],
    ['m', 'MTR'],
    ['m²', 'MTK'],
    ['mp', 'MTK'],
    ['m³', 'MTQ'],
    ['km', 'KMT'],
    ['l', 'LTR'],
    ['day', 'DAY'],
    ['lună', 'MON'],
    ['month', 'MON'],
    ['t', 'TNE'],
    ['set', 'SET'],
    ['kWh', 'KWH'],
  ])('maps %s to %s', (unit, code) => {
    expect(unitCode(unit)).toBe(code);
  });

  it('keeps a unit already written as a code, and falls back to C62 for anything unknown', () => {
    expect(unitCode('HUR')).toBe('HUR');
    expect(unitCode('pagină')).toBe('C62');
    expect(unitCode('')).toBe('C62');
    expect(unitCode(null)).toBe('C62');
  });
});

describe('payment means codes (UNTDID 4461)', () => {
  it('maps each payment method', () => {
    expect(paymentMeansCode('bank_transfer', true)).toBe('30');
    expect(paymentMeansCode('bank_transfer', false)).toBe('42');
    expect(paymentMeansCode('cash', true)).toBe('10');
    expect(paymentMeansCode('card', true)).toBe('48');
    expect(paymentMeansCode('other', true)).toBe('1');
  });
});

describe('VAT category codes (UNCL 5305)', () => {
  it('maps every category of the contracts', () => {
    expect(
      Object.fromEntries(Object.entries(VAT_CATEGORY_CODES).map(([key, value]) => [key, value.code])),
    ).toEqual({
      standard: 'S',
      zero: 'Z',
      exempt: 'E',
      reverse_charge: 'AE',
      intra_community: 'K',
      export: 'G',
      outside_scope: 'O',
    });
  });
});
