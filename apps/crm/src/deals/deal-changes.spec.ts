import { applyDealChanges, entersWon, newDeal } from './deal-changes';

const now = new Date('2025-01-01T00:00:00.000Z');
const deal = (stage?: 'open' | 'won' | 'lost', amount = '1500') =>
  newDeal('b3c1e7a4-0000-4000-8000-000000000001', 'b3c1e7a4-0000-4000-8000-000000000002', now, {
    title: 'Deal',
    contactId: 'b3c1e7a4-0000-4000-8000-000000000003',
    value: { amount, currency: 'RON' },
    stage,
  });

describe('deal changes', () => {
  it.each([
    [null, 'won', true],
    ['open', 'won', true],
    ['lost', 'won', true],
    ['won', 'won', false],
    ['open', 'lost', false],
    [null, 'open', false],
  ] as const)('entersWon(%s → %s) is %s', (before, after, expected) => {
    expect(entersWon(before, after)).toBe(expected);
  });

  it('stores amounts with two decimals, as NUMERIC(15,2) returns them', () => {
    expect(deal(undefined, '1500').valueAmount).toBe('1500.00');
    expect(deal(undefined, '9999999999999.99').valueAmount).toBe('9999999999999.99');
    expect(deal(undefined, '-0').valueAmount).toBe('0.00');
  });

  it('opens a deal unless told otherwise', () => {
    expect(deal().stage).toBe('open');
  });

  it('refuses a negative value with 422 on value.amount', () => {
    expect(() => deal(undefined, '-1.00')).toThrow(
      expect.objectContaining({
        code: 'UNPROCESSABLE',
        errors: [expect.objectContaining({ path: 'value.amount' })],
      }),
    );
  });

  it('reports only real changes', () => {
    const d = deal('open', '10');
    expect(applyDealChanges(d, { value: { amount: '10.0', currency: 'RON' }, stage: 'open' }, now)).toEqual(
      [],
    );
    expect(applyDealChanges(d, { stage: 'won', title: 'Deal' }, now)).toEqual(['stage']);
  });
});
