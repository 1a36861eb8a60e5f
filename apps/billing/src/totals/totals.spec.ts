import fc from 'fast-check';
import type { VatCategory } from '@app/contracts';
import { computeTotals, type TotalsLineInput } from './totals';

const line = (
  quantity: string,
  unitPrice: string,
  vatRate = '21',
  vatCategory: VatCategory = 'standard',
) => ({
  quantity,
  unitPrice,
  vatRate,
  vatCategory,
});

describe('computeTotals', () => {
  // Each case is a trap a float or a per-line rounding falls into.
  const cases: Array<{
    name: string;
    lines: TotalsLineInput[];
    paid?: string;
    expect: {
      lines?: string[];
      net: string;
      vat: string;
      gross: string;
      due: string;
      vatBreakdown: Array<[string, string, string, string]>;
    };
  }> = [
    {
      name: 'ten lines of 0.10 at 21 %: VAT is rounded once per rate (0.21), not per line (0.20)',
      lines: Array.from({ length: 10 }, () => line('1', '0.10')),
      expect: {
        net: '1.00',
        vat: '0.21',
        gross: '1.21',
        due: '1.21',
        vatBreakdown: [['21', 'standard', '1.00', '0.21']],
      },
    },
    {
      name: '3 × 0.335 = 1.005 rounds half up to 1.01 (binary floating point gives 1.00)',
      lines: [line('3', '0.335')],
      expect: {
        lines: ['1.01'],
        net: '1.01',
        vat: '0.21',
        gross: '1.22',
        due: '1.22',
        vatBreakdown: [['21', 'standard', '1.01', '0.21']],
      },
    },
    {
      name: '1 × 0.005 rounds to 0.01, its VAT 0.0021 to 0.00',
      lines: [line('1', '0.005')],
      expect: {
        lines: ['0.01'],
        net: '0.01',
        vat: '0.00',
        gross: '0.01',
        due: '0.01',
        vatBreakdown: [['21', 'standard', '0.01', '0.00']],
      },
    },
    {
      name: 'mixed 21 / 11 / 0 rates: one breakdown row per rate, highest rate first',
      lines: [line('3', '7', '0', 'zero'), line('2', '49.99'), line('1', '10.55', '11'), line('1', '0.01')],
      expect: {
        lines: ['21.00', '99.98', '10.55', '0.01'],
        net: '131.54',
        vat: '22.16',
        gross: '153.70',
        due: '153.70',
        vatBreakdown: [
          ['21', 'standard', '99.99', '21.00'],
          ['11', 'standard', '10.55', '1.16'],
          ['0', 'zero', '21.00', '0.00'],
        ],
      },
    },
    {
      name: 'a storno line (negative quantity) rounds away from zero: −1.005 → −1.01',
      lines: [line('-3', '0.335')],
      expect: {
        lines: ['-1.01'],
        net: '-1.01',
        vat: '-0.21',
        gross: '-1.22',
        due: '-1.22',
        vatBreakdown: [['21', 'standard', '-1.01', '-0.21']],
      },
    },
    {
      name: 'a storno of the mixed invoice is its exact negative',
      lines: [
        line('-3', '7', '0', 'zero'),
        line('-2', '49.99'),
        line('-1', '10.55', '11'),
        line('-1', '0.01'),
      ],
      expect: {
        net: '-131.54',
        vat: '-22.16',
        gross: '-153.70',
        due: '-153.70',
        vatBreakdown: [
          ['21', 'standard', '-99.99', '-21.00'],
          ['11', 'standard', '-10.55', '-1.16'],
          ['0', 'zero', '-21.00', '0.00'],
        ],
      },
    },
    {
      name: 'VAT exactly half a cent rounds away from zero for both signs (0.105 → 0.11, −0.105 → −0.11)',
      lines: [line('1', '0.50')],
      expect: {
        net: '0.50',
        vat: '0.11',
        gross: '0.61',
        due: '0.61',
        vatBreakdown: [['21', 'standard', '0.50', '0.11']],
      },
    },
    {
      name: 'negative half cent of VAT',
      lines: [line('-1', '0.50')],
      expect: {
        net: '-0.50',
        vat: '-0.11',
        gross: '-0.61',
        due: '-0.61',
        vatBreakdown: [['21', 'standard', '-0.50', '-0.11']],
      },
    },
    {
      name: 'four-decimal quantities and prices are multiplied exactly before rounding',
      lines: [
        line('1.2345', '9.8765'),
        line('0.0001', '0.0001'),
        line('2.5', '0.0050'),
        line('1.5', '33.3333', '11'),
      ],
      expect: {
        lines: ['12.19', '0.00', '0.01', '50.00'],
        net: '62.20',
        vat: '8.06',
        gross: '70.26',
        due: '70.26',
        vatBreakdown: [
          ['21', 'standard', '12.20', '2.56'],
          ['11', 'standard', '50.00', '5.50'],
        ],
      },
    },
    {
      name: 'a partial payment leaves the rest due',
      lines: [line('1', '100')],
      paid: '50',
      expect: {
        net: '100.00',
        vat: '21.00',
        gross: '121.00',
        due: '71.00',
        vatBreakdown: [['21', 'standard', '100.00', '21.00']],
      },
    },
    {
      name: 'rates written differently ("21", "21.00") are one rate; 0 % zero-rated and exempt stay apart',
      lines: [
        line('1', '10', '21.00'),
        line('1', '10', '21'),
        line('1', '5', '0', 'zero'),
        line('1', '4', '0', 'exempt'),
      ],
      expect: {
        net: '29.00',
        vat: '4.20',
        gross: '33.20',
        due: '33.20',
        vatBreakdown: [
          ['21', 'standard', '20.00', '4.20'],
          ['0', 'exempt', '4.00', '0.00'],
          ['0', 'zero', '5.00', '0.00'],
        ],
      },
    },
    {
      name: 'a document without lines totals zero',
      lines: [],
      expect: { lines: [], net: '0.00', vat: '0.00', gross: '0.00', due: '0.00', vatBreakdown: [] },
    },
  ];

  it.each(cases)('$name', ({ lines, paid, expect: expected }) => {
    const totals = computeTotals(lines, paid);
    if (expected.lines) expect(totals.lines.map((l) => l.net)).toEqual(expected.lines);
    expect(totals).toMatchObject({
      net: expected.net,
      vat: expected.vat,
      gross: expected.gross,
      paid: paid ? Number(paid).toFixed(2) : '0.00',
      due: expected.due,
    });
    expect(totals.vatBreakdown.map((b) => [b.rate, b.category, b.taxable, b.vat])).toEqual(
      expected.vatBreakdown,
    );
  });

  it('refuses a quantity that is not a decimal', () => {
    expect(() => computeTotals([line('1,5', '10')])).toThrow('lines[0].quantity');
  });
});

// ---- An independent reference: scaled BigInt integers, no decimal library ----

/** "−12.3456" at scale 4 → −123456n. */
function toScaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const digits = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
  if (fraction.length > scale) throw new Error(`too many decimals in ${text}`);
  return negative ? -digits : digits;
}

/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const magnitude = n < 0n ? -n : n;
  const quotient = (2n * magnitude + d) / (2n * d);
  return n < 0n ? -quotient : quotient;
}

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

function referenceTotals(lines: TotalsLineInput[], paid: string) {
  const nets = lines.map((l) => divRound(toScaled(l.quantity, 4) * toScaled(l.unitPrice, 4), 1_000_000n));
  const groups = new Map<string, { rate: bigint; category: string; taxable: bigint }>();
  lines.forEach((l, i) => {
    const rate = toScaled(l.vatRate, 2);
    const key = `${rate}|${l.vatCategory}`;
    const group = groups.get(key) ?? { rate, category: l.vatCategory, taxable: 0n };
    group.taxable += nets[i];
    groups.set(key, group);
  });
  const rows = [...groups.values()]
    .sort((a, b) => (a.rate === b.rate ? (a.category < b.category ? -1 : 1) : a.rate > b.rate ? -1 : 1))
    .map((g) => ({ ...g, vat: divRound(g.taxable * g.rate, 10_000n) }));
  const net = nets.reduce((s, v) => s + v, 0n);
  const vat = rows.reduce((s, r) => s + r.vat, 0n);
  const paidCents = toScaled(paid, 2);
  const rateText = (rate: bigint) => fromScaled(rate, 2).replace(/\.?0+$/, '') || '0';
  return {
    lines: nets.map((n) => ({ net: fromScaled(n, 2) })),
    net: fromScaled(net, 2),
    vat: fromScaled(vat, 2),
    gross: fromScaled(net + vat, 2),
    paid: fromScaled(paidCents, 2),
    due: fromScaled(net + vat - paidCents, 2),
    vatBreakdown: rows.map((r) => ({
      rate: rateText(r.rate),
      category: r.category,
      taxable: fromScaled(r.taxable, 2),
      vat: fromScaled(r.vat, 2),
    })),
  };
}

const scaledText = (min: number, max: number, scale: number) =>
  fc.integer({ min, max }).map((n) => fromScaled(BigInt(n), scale));

const lineArb: fc.Arbitrary<TotalsLineInput> = fc.record({
  quantity: scaledText(-99_999_999, 99_999_999, 4),
  unitPrice: fc.oneof(scaledText(0, 99_999, 4), scaledText(0, 2_000_000_000, 4)),
  vatRate: fc.constantFrom('0', '5', '5.5', '9', '11', '19', '21', '21.00', '24.5', '100'),
  vatCategory: fc.constantFrom<VatCategory>('standard', 'zero', 'exempt'),
});

describe('computeTotals against an integer reference', () => {
  it('agrees with scaled-integer arithmetic on every line, rate and total', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), scaledText(0, 10_000_000, 2), (lines, paid) => {
        expect(computeTotals(lines, paid)).toEqual(referenceTotals(lines, paid));
      }),
      { numRuns: 500 },
    );
  });

  it('gives a storno (every quantity negated) exactly the negated totals', () => {
    const negate = (text: string) => (text.startsWith('-') ? text.slice(1) : `-${text}`);
    const zeroSafe = (text: string) => text.replace(/^-0\.00$/, '0.00');
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 10 }), (lines) => {
        const original = computeTotals(lines);
        const storno = computeTotals(lines.map((l) => ({ ...l, quantity: negate(l.quantity) })));
        expect(storno.gross).toBe(zeroSafe(negate(original.gross)));
        expect(storno.vat).toBe(zeroSafe(negate(original.vat)));
      }),
    );
  });
});
