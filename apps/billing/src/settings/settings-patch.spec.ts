import type { UpdateSettingsDto } from '@app/contracts';
import { DomainError } from '@app/platform';
import { applySettingsPatch, type SettingsState } from './settings-patch';
import { DEFAULT_SETTINGS } from './settings.defaults';

const series = (prefix: string, used = false) => ({
  prefix,
  yearlyReset: false,
  nextNumber: used ? 8 : 1,
  used,
});

const current = (): SettingsState => ({
  company: {
    legalName: 'ACME SRL',
    vatId: null,
    registrationNumber: null,
    address: { street: 'Str. Mare 1', city: 'Iași', region: null, postalCode: null, country: 'RO' },
    bankName: null,
    iban: null,
    email: null,
    phone: null,
  },
  ...DEFAULT_SETTINGS,
  series: {
    invoice: series('INV', true),
    proforma: series('PRF'),
    offer: series('OFR'),
    receipt: series('RCP'),
  },
  emailSenderName: 'ACME SRL',
});

const apply = (patch: UpdateSettingsDto, state = current()) => applySettingsPatch(state, patch);
const refusal = (patch: UpdateSettingsDto, state = current()) => {
  try {
    apply(patch, state);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the patch to be refused');
};

describe('applySettingsPatch', () => {
  it('merges nested company fields and clears those sent as null', () => {
    const next = apply({
      company: { address: { street: null, postalCode: '700001' }, iban: 'ro49 aaaa 1b31 0075 9384 0000' },
    });
    expect(next.company.address).toEqual({
      street: null,
      city: 'Iași',
      region: null,
      postalCode: '700001',
      country: 'RO',
    });
    expect(next.company.iban).toBe('RO49AAAA1B31007593840000');
    expect(next.company.legalName).toBe('ACME SRL');
  });

  it('stores VAT rates in their shortest form', () => {
    expect(apply({ vatRates: ['21.00', '9.50', '0.0'] }).vatRates).toEqual(['21', '9.5', '0']);
  });

  it('gives a tenant that stops being VAT registered only the 0 % rate', () => {
    expect(apply({ vatRegistered: false }).vatRates).toEqual(['0']);
    expect(refusal({ vatRegistered: false, vatRates: ['21'] })).toMatchObject({ code: 'UNPROCESSABLE' });
  });

  it('gives the standard rates back when a tenant registers for VAT without naming rates', () => {
    const exempt = { ...current(), vatRegistered: false, vatRates: ['0'] };
    expect(apply({ vatRegistered: true }, exempt).vatRates).toEqual(['21', '11', '0']);
    expect(apply({ vatRegistered: true, vatRates: ['19', '0'] }, exempt).vatRates).toEqual(['19', '0']);
  });

  it('lists every broken rule at once', () => {
    const error = refusal({
      currencies: ['EUR'],
      vatRates: ['101', '5', '5.0'],
      series: { offer: { prefix: 'prf' } },
    });
    expect(error.errors?.map((e) => e.path)).toEqual([
      'vatRates.0',
      'vatRates',
      'defaultCurrency',
      'series.offer.prefix',
    ]);
  });

  it('changes an unused series but refuses (409) to change a used one', () => {
    expect(apply({ series: { proforma: { prefix: 'PF', yearlyReset: true } } }).series.proforma).toEqual({
      prefix: 'PF',
      yearlyReset: true,
      nextNumber: 1,
      used: false,
    });
    expect(refusal({ series: { invoice: { prefix: 'FCT' } } })).toMatchObject({ code: 'CONFLICT' });
    expect(refusal({ series: { invoice: { yearlyReset: true } } })).toMatchObject({ code: 'CONFLICT' });
    expect(apply({ series: { invoice: { prefix: 'INV' } } }).series.invoice.prefix).toBe('INV');
  });
});
