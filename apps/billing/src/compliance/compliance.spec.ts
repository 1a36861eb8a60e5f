import { checkCompliance, type ComplianceInput } from './compliance';

const line = (overrides: Partial<ComplianceInput['lines'][number]> = {}) => ({
  name: 'Consulting',
  unit: 'h',
  quantity: '2',
  vatRate: '21',
  vatCategory: 'standard' as const,
  ...overrides,
});

/** A Romanian VAT payer invoicing a Romanian company: everything a legal invoice needs. */
const valid = (overrides: Partial<ComplianceInput> = {}): ComplianceInput => ({
  kind: 'invoice',
  seller: {
    legalName: 'ACME SRL',
    vatId: 'RO18547290',
    vatRegistered: true,
    address: { street: 'Str. Lungă 1', city: 'Brașov', region: null, postalCode: null, country: 'RO' },
  },
  buyer: {
    type: 'company',
    name: 'Client SRL',
    vatId: 'RO123456',
    registrationNumber: 'J40/1234/2020',
    email: null,
    address: { street: 'Bd. Unirii 2', city: 'București', region: null, postalCode: null, country: 'RO' },
  },
  issueDate: '2026-11-26',
  dueDate: '2026-12-10',
  validUntil: null,
  paymentMethod: 'bank_transfer',
  currency: 'RON',
  lines: [line()],
  allowedVatRates: ['21', '11', '0'],
  enabledCurrencies: ['RON', 'EUR'],
  lastIssueDate: null,
  ...overrides,
});

const paths = (input: ComplianceInput) => checkCompliance(input).map((problem) => problem.path);

describe('checkCompliance', () => {
  it('finds nothing wrong with a complete invoice', () => {
    expect(checkCompliance(valid())).toEqual([]);
  });

  it('lists every missing seller detail, with the field to fix', () => {
    const problems = checkCompliance(
      valid({
        seller: {
          legalName: null,
          vatId: ' ',
          vatRegistered: true,
          address: { street: null, city: '', region: null, postalCode: null, country: null },
        },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'seller.legalName',
      'seller.address.street',
      'seller.address.city',
      'seller.address.country',
      'seller.vatId',
    ]);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('asks a seller that is not VAT registered for its tax id instead of a VAT id', () => {
    const [problem] = checkCompliance(
      valid({
        seller: { ...valid().seller, vatId: null, vatRegistered: false },
        lines: [line({ vatRate: '0', vatCategory: 'exempt' })],
        allowedVatRates: ['0'],
      }),
    );
    expect(problem).toEqual({ path: 'seller.vatId', message: expect.stringContaining('tax id') });
  });

  it('needs the buyer’s name and address, and a VAT id only from a company', () => {
    const noAddress = { street: null, city: null, region: null, postalCode: null, country: null };
    expect(paths(valid({ buyer: { ...valid().buyer, name: '', vatId: null, address: noAddress } }))).toEqual([
      'buyer.name',
      'buyer.address.street',
      'buyer.address.city',
      'buyer.address.country',
      'buyer.vatId',
    ]);
    // A private person has no VAT id, and that is fine.
    expect(paths(valid({ buyer: { ...valid().buyer, type: 'person', vatId: null } }))).toEqual([]);
  });

  it('needs an issue date, and a due date not before it', () => {
    expect(paths(valid({ issueDate: null }))).toEqual(['issueDate']);
    expect(paths(valid({ dueDate: null }))).toEqual(['dueDate']);
    expect(paths(valid({ dueDate: '2026-11-25' }))).toEqual(['dueDate']);
    // Due the same day is a cash sale, not an error.
    expect(paths(valid({ dueDate: '2026-11-26' }))).toEqual([]);
  });

  it('refuses an issue date earlier than the last one issued in the series (numbers follow dates)', () => {
    expect(checkCompliance(valid({ lastIssueDate: '2026-11-27' }))).toEqual([
      { path: 'issueDate', message: expect.stringContaining('2026-11-27') },
    ]);
    expect(paths(valid({ lastIssueDate: '2026-11-26' }))).toEqual([]);
  });

  it('needs a validity date on an offer, not before its issue date', () => {
    expect(paths(valid({ kind: 'offer', dueDate: null }))).toEqual(['validUntil']);
    expect(paths(valid({ kind: 'offer', dueDate: null, validUntil: '2026-11-01' }))).toEqual(['validUntil']);
    expect(paths(valid({ kind: 'offer', dueDate: null, validUntil: '2026-12-26' }))).toEqual([]);
  });

  it('needs a payment method and a currency enabled in the settings', () => {
    expect(paths(valid({ paymentMethod: null }))).toEqual(['paymentMethod']);
    expect(paths(valid({ currency: 'USD' }))).toEqual(['currency']);
    expect(paths(valid({ currency: null }))).toEqual(['currency']);
  });

  it('needs at least one line', () => {
    expect(paths(valid({ lines: [] }))).toEqual(['lines']);
  });

  it('checks every line: name, unit, non-zero quantity and an allowed VAT rate', () => {
    expect(
      paths(
        valid({
          lines: [
            line(),
            line({ name: null, unit: '' }),
            line({ quantity: '0.0000' }),
            line({ vatRate: '19' }),
            // A negative quantity (a discount, a storno line) is a quantity.
            line({ quantity: '-1', vatRate: '21.00' }),
          ],
        }),
      ),
    ).toEqual(['lines.1.name', 'lines.1.unit', 'lines.2.quantity', 'lines.3.vatRate']);
  });

  it('refuses VAT on the document of a seller that is not VAT registered', () => {
    const problems = checkCompliance(
      valid({
        seller: { ...valid().seller, vatRegistered: false },
        lines: [line({ vatRate: '0', vatCategory: 'exempt' }), line({ vatRate: '21' })],
        allowedVatRates: ['0'],
      }),
    );
    expect(problems).toEqual([
      { path: 'lines.1.vatRate', message: expect.stringContaining('not VAT registered') },
    ]);
  });

  it('lists all problems at once rather than stopping at the first', () => {
    const everything = paths({
      kind: 'invoice',
      seller: {
        legalName: null,
        vatId: null,
        vatRegistered: false,
        address: { street: null, city: null, region: null, postalCode: null, country: null },
      },
      buyer: {
        type: 'company',
        name: '',
        vatId: null,
        registrationNumber: null,
        email: null,
        address: { street: null, city: null, region: null, postalCode: null, country: null },
      },
      issueDate: '2026-11-26',
      dueDate: '2026-11-01',
      validUntil: null,
      paymentMethod: null,
      currency: 'USD',
      lines: [line({ name: null, unit: null, quantity: '0', vatRate: '21' })],
      allowedVatRates: ['0'],
      enabledCurrencies: ['RON'],
      lastIssueDate: '2026-12-01',
    });
    expect(everything).toEqual([
      'seller.legalName',
      'seller.address.street',
      'seller.address.city',
      'seller.address.country',
      'seller.vatId',
      'buyer.name',
      'buyer.address.street',
      'buyer.address.city',
      'buyer.address.country',
      'buyer.vatId',
      'issueDate',
      'dueDate',
      'paymentMethod',
      'currency',
      'lines.0.name',
      'lines.0.unit',
      'lines.0.quantity',
      'lines.0.vatRate',
    ]);
  });
});
