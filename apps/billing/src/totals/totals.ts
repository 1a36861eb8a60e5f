import { Decimal } from 'decimal.js';
import type { TotalsView, VatBreakdownView, VatCategory } from '@app/contracts';

/**
 * A Decimal of our own: rounding half away from zero for both signs (decimal.js calls that
 * ROUND_HALF_UP) and precision far beyond 15 + 4 + 4 digits, so products are exact before rounding.
 */
const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
type Money = InstanceType<typeof Money>;

export interface TotalsLineInput {
  quantity: string;
  unitPrice: string;
  vatRate: string;
  vatCategory: VatCategory;
}

export interface TotalsResult extends TotalsView {
  lines: Array<{ net: string }>;
}

const round2 = (value: Money): Money => value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
/** Two decimals, and never "-0.00". */
const fixed2 = (value: Money): string => (value.isZero() ? '0.00' : value.toFixed(2));

function parse(value: string, what: string): Money {
  try {
    const parsed = new Money(value);
    if (!parsed.isFinite()) throw new Error('not finite');
    return parsed;
  } catch {
    throw new Error(`${what} is not a decimal: "${value}"`);
  }
}

/**
 * Totals per EN 16931: line net = round(quantity × unit price, 2); per VAT rate and category,
 * taxable = sum of the line nets and VAT = round(taxable × rate / 100, 2); VAT is rounded once per
 * rate, not per line, so ten lines of 0.10 at 21 % give 0.21 VAT, not ten times 0.02.
 */
export function computeTotals(lines: readonly TotalsLineInput[], paid = '0'): TotalsResult {
  const groups = new Map<string, { rate: Money; category: VatCategory; taxable: Money }>();
  const lineNets: Money[] = [];
  for (const [index, line] of lines.entries()) {
    const net = round2(
      parse(line.quantity, `lines[${index}].quantity`).times(
        parse(line.unitPrice, `lines[${index}].unitPrice`),
      ),
    );
    lineNets.push(net);
    const rate = parse(line.vatRate, `lines[${index}].vatRate`);
    // The canonical rate string makes "21", "21.0" and "21.00" one group.
    const key = `${rate.toString()}|${line.vatCategory}`;
    const group = groups.get(key);
    if (group) group.taxable = group.taxable.plus(net);
    else groups.set(key, { rate, category: line.vatCategory, taxable: net });
  }
  const breakdown = [...groups.values()]
    .sort((a, b) => b.rate.comparedTo(a.rate) || a.category.localeCompare(b.category))
    .map((group) => ({ ...group, vat: round2(group.taxable.times(group.rate).dividedBy(100)) }));
  const net = lineNets.reduce((sum, value) => sum.plus(value), new Money(0));
  const vat = breakdown.reduce((sum, group) => sum.plus(group.vat), new Money(0));
  const gross = net.plus(vat);
  const paidAmount = round2(parse(paid, 'paid'));
  const vatBreakdown: VatBreakdownView[] = breakdown.map((group) => ({
    rate: group.rate.isZero() ? '0' : group.rate.toString(),
    category: group.category,
    taxable: fixed2(group.taxable),
    vat: fixed2(group.vat),
  }));
  return {
    lines: lineNets.map((value) => ({ net: fixed2(value) })),
    net: fixed2(net),
    vat: fixed2(vat),
    gross: fixed2(gross),
    paid: fixed2(paidAmount),
    due: fixed2(gross.minus(paidAmount)),
    vatBreakdown,
  };
}
