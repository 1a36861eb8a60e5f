import { Decimal } from 'decimal.js';
import type {
  BuyerView,
  DocumentKind,
  FieldProblem,
  PaymentMethod,
  SellerView,
  VatCategory,
} from '@app/contracts';
import { PAYMENT_METHODS } from '@app/contracts';
import { canonicalRate } from '../common/decimal-text';

/** What a legal document needs, gathered from the draft, its lines and the tenant's settings. */
export interface ComplianceInput {
  kind: DocumentKind;
  seller: Pick<SellerView, 'legalName' | 'vatId' | 'address' | 'vatRegistered'>;
  buyer: BuyerView;
  issueDate: string | null;
  dueDate: string | null;
  validUntil: string | null;
  paymentMethod: PaymentMethod | null;
  currency: string | null;
  lines: ReadonlyArray<{
    name: string | null;
    unit: string | null;
    quantity: string;
    vatRate: string;
    vatCategory: VatCategory;
  }>;
  /** The tenant's allowed VAT rates and enabled currencies. */
  allowedVatRates: readonly string[];
  enabledCurrencies: readonly string[];
  /** Issue date of the last document numbered in this series, if any: numbers follow issue dates. */
  lastIssueDate: string | null;
}

const blank = (value: string | null | undefined) => value == null || value.trim() === '';

/**
 * Every problem that keeps a draft from being issued, each with the path of the field to fix;
 * empty when the document can be issued. Dates are `YYYY-MM-DD`, so they compare as text.
 */
export function checkCompliance(input: ComplianceInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const need = (path: string, value: string | null | undefined, message: string) => {
    if (blank(value)) problems.push({ path, message });
  };

  const { seller, buyer } = input;
  need(
    'seller.legalName',
    seller.legalName,
    'the seller’s legal name is missing (settings: company.legalName)',
  );
  need(
    'seller.address.street',
    seller.address.street,
    'the seller’s street is missing (settings: company.address)',
  );
  need(
    'seller.address.city',
    seller.address.city,
    'the seller’s city is missing (settings: company.address)',
  );
  need(
    'seller.address.country',
    seller.address.country,
    'the seller’s country is missing (settings: company.address)',
  );
  need(
    'seller.vatId',
    seller.vatId,
    seller.vatRegistered
      ? 'the seller’s VAT id is missing (settings: company.vatId)'
      : 'the seller’s tax id is missing (settings: company.vatId)',
  );

  need('buyer.name', buyer.name, 'the buyer’s name is missing (edit the contact)');
  need('buyer.address.street', buyer.address?.street, 'the buyer’s street is missing (edit the contact)');
  need('buyer.address.city', buyer.address?.city, 'the buyer’s city is missing (edit the contact)');
  need('buyer.address.country', buyer.address?.country, 'the buyer’s country is missing (edit the contact)');
  if (buyer.type === 'company')
    need('buyer.vatId', buyer.vatId, 'a company buyer needs its VAT id (edit the contact)');

  need('issueDate', input.issueDate, 'the issue date is missing');
  if (input.issueDate && input.lastIssueDate && input.issueDate < input.lastIssueDate)
    problems.push({
      path: 'issueDate',
      message: `the issue date may not be earlier than ${input.lastIssueDate}, the issue date of the last document of this series`,
    });
  if (input.kind === 'offer') {
    need('validUntil', input.validUntil, 'an offer needs a validity date');
    if (input.issueDate && input.validUntil && input.validUntil < input.issueDate)
      problems.push({ path: 'validUntil', message: 'the validity date may not be before the issue date' });
  } else need('dueDate', input.dueDate, 'the due date is missing');
  if (input.issueDate && input.dueDate && input.dueDate < input.issueDate)
    problems.push({ path: 'dueDate', message: 'the due date may not be before the issue date' });

  if (!input.paymentMethod || !PAYMENT_METHODS.includes(input.paymentMethod))
    problems.push({ path: 'paymentMethod', message: 'the payment method is missing' });
  if (blank(input.currency) || !input.enabledCurrencies.includes(input.currency!))
    problems.push({
      path: 'currency',
      message: `the currency must be one enabled in settings (${input.enabledCurrencies.join(', ')})`,
    });

  if (!input.lines.length) problems.push({ path: 'lines', message: 'a document needs at least one line' });
  const allowed = new Set(input.allowedVatRates.map((rate) => canonicalRate(rate)));
  input.lines.forEach((line, index) => {
    const at = `lines.${index}`;
    need(`${at}.name`, line.name, 'the line has no name');
    need(`${at}.unit`, line.unit, 'the line has no unit');
    if (new Decimal(line.quantity).isZero())
      problems.push({ path: `${at}.quantity`, message: 'the quantity may not be zero' });
    const rate = canonicalRate(line.vatRate);
    if (!seller.vatRegistered && rate !== '0')
      problems.push({
        path: `${at}.vatRate`,
        message: `a seller that is not VAT registered charges no VAT: the rate must be 0, not ${rate}`,
      });
    else if (!allowed.has(rate))
      problems.push({
        path: `${at}.vatRate`,
        message: `VAT rate ${rate} is not allowed (${[...allowed].join(', ')})`,
      });
  });
  return problems;
}
