import type { TotalsView } from '@app/contracts';
import { paymentProblems, withPayment } from './payment-rules';

const totals: TotalsView = {
  net: '200.00',
  vat: '42.00',
  gross: '242.00',
  paid: '0.00',
  due: '242.00',
  vatBreakdown: [{ rate: '21', category: 'standard', taxable: '200.00', vat: '42.00' }],
};

const input = {
  amount: '100',
  date: '2026-11-26',
  due: '242.00',
  currency: 'RON',
  issueDate: '2026-11-20',
  today: '2026-11-26',
};

describe('payment rules', () => {
  it('accepts a part of what is due, and exactly what is due', () => {
    expect(paymentProblems(input)).toEqual([]);
    expect(paymentProblems({ ...input, amount: '242.00' })).toEqual([]);
  });

  it('refuses a single cent more than is due', () => {
    expect(paymentProblems({ ...input, amount: '242.01' })).toEqual([
      { path: 'amount', message: expect.stringContaining('242.00 RON') },
    ]);
  });

  it('refuses a payment dated before the issue date or after today', () => {
    expect(paymentProblems({ ...input, date: '2026-11-19' }).map((p) => p.path)).toEqual(['date']);
    expect(paymentProblems({ ...input, date: '2026-11-27' }).map((p) => p.path)).toEqual(['date']);
    expect(paymentProblems({ ...input, date: '2026-11-20' })).toEqual([]);
  });

  it('moves paid and due by the amount, in decimals', () => {
    const once = withPayment(totals, '0.1');
    expect(once).toMatchObject({ paid: '0.10', due: '241.90', gross: '242.00' });
    const twice = withPayment(once, '241.9');
    expect(twice).toMatchObject({ paid: '242.00', due: '0.00' });
    expect(twice.vatBreakdown).toEqual(totals.vatBreakdown);
  });
});
