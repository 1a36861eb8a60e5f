import { dealCurrency, dealLine, dealUnit } from './deal-draft';

const settings = {
  units: ['pcs', 'h', 'service'],
  vatRates: ['11', '21', '0'],
  vatRegistered: true,
  currencies: ['RON', 'EUR'],
  defaultCurrency: 'RON',
};

describe('the draft of a won deal', () => {
  it('has one line: the deal’s title at its value, quantity 1, at the highest allowed VAT rate', () => {
    expect(dealLine({ title: ' Implementare CRM ', value: { amount: '1500.5' } }, settings)).toEqual({
      productId: null,
      name: 'Implementare CRM',
      unit: 'service',
      quantity: '1',
      unitPrice: '1500.50',
      vatRate: '21',
      vatCategory: 'standard',
    });
  });

  it('charges no VAT for a tenant that is not VAT registered', () => {
    expect(
      dealLine({ title: 'Lesson', value: { amount: '50.00' } }, { ...settings, vatRegistered: false }),
    ).toMatchObject({ vatRate: '0', vatCategory: 'exempt' });
  });

  it('takes the first unit when the tenant has no "service" unit', () => {
    expect(dealUnit({ units: ['buc', 'ora'] })).toBe('buc');
    expect(dealUnit({ units: [] })).toBeNull();
  });

  it('keeps unit prices positive: a negative deal value gives quantity -1', () => {
    expect(dealLine({ title: 'Credit', value: { amount: '-20.00' } }, settings)).toMatchObject({
      quantity: '-1',
      unitPrice: '20.00',
    });
  });

  it('uses the deal’s currency when enabled, else the default one', () => {
    expect(dealCurrency({ value: { currency: 'EUR' } }, settings)).toEqual({
      currency: 'EUR',
      converted: false,
    });
    expect(dealCurrency({ value: { currency: 'USD' } }, settings)).toEqual({
      currency: 'RON',
      converted: true,
    });
  });
});
