import type { LineRecord } from '../documents/document.record';
import { computeTotals } from '../totals/totals';
import { stornoLines, stornoName, stornoNotes } from './storno';

const line = (quantity: string, unitPrice: string, vatRate: string): LineRecord => ({
  id: 'l',
  documentId: 'd',
  position: 1,
  productId: null,
  name: 'Consulting',
  unit: 'h',
  quantity,
  unitPrice,
  vatRate,
  vatCategory: vatRate === '0' ? 'zero' : 'standard',
  net: null,
});

describe('storno lines', () => {
  it('negates each quantity and keeps the unit price positive', () => {
    const lines = stornoLines([line('2.5000', '100.3350', '21'), line('1', '0.1', '11')]);
    expect(lines.map((l) => [l.quantity, l.unitPrice, l.vatRate])).toEqual([
      ['-2.5', '100.3350', '21'],
      ['-1', '0.1', '11'],
    ]);
  });

  it('gives totals that are exactly the negative of the original’s, rate by rate', () => {
    // Rounding half away from zero is symmetric: -x rounds to the negative of what x rounds to.
    const original = [line('3', '0.335', '21'), line('1.5', '10.005', '11'), line('1', '7', '0')];
    const totals = computeTotals(original);
    const storno = computeTotals(stornoLines(original));
    expect(storno.net).toBe(`-${totals.net}`);
    expect(storno.vat).toBe(`-${totals.vat}`);
    expect(storno.gross).toBe(`-${totals.gross}`);
    expect(storno.vatBreakdown.map((g) => [g.rate, g.taxable, g.vat])).toEqual(
      totals.vatBreakdown.map((g) => [
        g.rate,
        g.taxable === '0.00' ? '0.00' : `-${g.taxable}`,
        g.vat === '0.00' ? '0.00' : `-${g.vat}`,
      ]),
    );
  });

  it('names and annotates the storno after the invoice it cancels', () => {
    const original = {
      fullNumber: 'INV-0042',
      issueDate: '2026-11-20',
      buyer: {
        type: 'company' as const,
        name: 'ACME SRL',
        vatId: null,
        registrationNumber: null,
        email: null,
        address: { street: null, city: null, region: null, postalCode: null, country: null },
      },
    };
    expect(stornoName(original, '2026-11-26')).toBe('Storno INV-0042 – ACME SRL – 2026-11-26');
    expect(stornoNotes(original)).toBe('Storno of invoice INV-0042 of 2026-11-20.');
  });
});
