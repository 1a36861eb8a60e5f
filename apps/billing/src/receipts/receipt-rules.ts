import { Decimal } from 'decimal.js';
import type { FieldProblem } from '@app/contracts';
import type { DocumentRecord } from '../documents/document.record';

/**
 * Why an invoice cannot take a receipt (409), or null when it can: an issued invoice, partially
 * paid or not, that is not a storno and is paid in cash.
 */
export function receiptRefusal(
  invoice: Pick<DocumentRecord, 'status' | 'reversalOf' | 'paymentMethod'>,
): string | null {
  if (invoice.reversalOf) return 'A storno invoice takes no receipt';
  const why: Partial<Record<DocumentRecord['status'], string>> = {
    draft: 'Receipts are issued for issued invoices; issue this draft first',
    trashed: 'Receipts are issued for issued invoices; this draft is in the trash',
    paid: 'This invoice is already paid: nothing is due, so no receipt can be issued',
    reversed: 'This invoice was reversed; it takes no receipt',
  };
  if (invoice.status !== 'issued')
    return why[invoice.status] ?? `An invoice in status ${invoice.status} takes no receipt`;
  if (invoice.paymentMethod !== 'cash')
    return `Receipts are issued only for invoices paid in cash; this invoice's payment method is ${invoice.paymentMethod}`;
  return null;
}

/** The receipt's amount: what is due when none is given; more than zero and no more than is due. */
export function receiptAmount(
  requested: string | undefined,
  due: string,
  currency: string,
): { amount: string } | { problems: FieldProblem[] } {
  const amount = new Decimal(requested ?? due);
  if (amount.lessThanOrEqualTo(0))
    return { problems: [{ path: 'amount', message: 'the amount must be greater than zero' }] };
  if (amount.greaterThan(due))
    return {
      problems: [
        {
          path: 'amount',
          message: `the amount exceeds what is due (${due} ${currency}); a receipt cannot overpay the invoice`,
        },
      ],
    };
  return { amount: amount.toFixed(2) };
}
