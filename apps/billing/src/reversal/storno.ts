import { Decimal } from 'decimal.js';
import type { DocumentRecord, LineContent, LineRecord } from '../documents/document.record';

/**
 * The lines of a storno: the original's lines with each quantity negated and everything else kept,
 * unit prices positive (RO e-Factura wants the sign on the quantity), so every net and total comes
 * out as the exact negative of the original's.
 */
export function stornoLines(lines: readonly LineRecord[]): LineContent[] {
  return lines.map((line) => ({
    productId: line.productId,
    name: line.name,
    unit: line.unit,
    quantity: new Decimal(line.quantity).negated().toString(),
    unitPrice: line.unitPrice,
    vatRate: line.vatRate,
    vatCategory: line.vatCategory,
  }));
}

/** The internal name of a storno: `Storno INV-0042 – ACME SRL – 2026-11-26`. */
export function stornoName(
  original: Pick<DocumentRecord, 'fullNumber' | 'buyer'>,
  issueDate: string,
): string {
  return `Storno ${original.fullNumber} – ${original.buyer.name} – ${issueDate}`;
}

/** Printed on the storno: the invoice it cancels, as the law asks for. */
export function stornoNotes(original: Pick<DocumentRecord, 'fullNumber' | 'issueDate'>): string {
  return `Storno of invoice ${original.fullNumber} of ${original.issueDate}.`;
}
