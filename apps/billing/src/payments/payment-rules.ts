import { Decimal } from 'decimal.js';
import type { FieldProblem, TotalsView } from '@app/contracts';

/**
 * What a payment may be, given the invoice's totals and dates: no more than is due (overpayment is
 * refused), received on or after the issue date and not after today. Empty when it may be recorded.
 */
export function paymentProblems(input: {
  amount: string;
  date: string;
  due: string;
  currency: string;
  issueDate: string;
  today: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (new Decimal(input.amount).greaterThan(input.due))
    problems.push({
      path: 'amount',
      message: `the amount exceeds what is due (${input.due} ${input.currency}); overpayment is refused`,
    });
  if (input.date < input.issueDate)
    problems.push({
      path: 'date',
      message: `the payment date may not be before the invoice's issue date (${input.issueDate})`,
    });
  else if (input.date > input.today)
    problems.push({
      path: 'date',
      message: `the payment date may not be in the future (today is ${input.today})`,
    });
  return problems;
}

/** The invoice's totals once `amount` more is paid: `paid` grows, `due` shrinks, the rest stays. */
export function withPayment(totals: TotalsView, amount: string): TotalsView {
  const paid = new Decimal(totals.paid).plus(amount);
  const due = new Decimal(totals.gross).minus(paid);
  return { ...totals, paid: paid.toFixed(2), due: due.isZero() ? '0.00' : due.toFixed(2) };
}
