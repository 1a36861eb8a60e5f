import { Decimal } from 'decimal.js';
import type { DocumentLineView, DocumentView, TotalsView } from '@app/contracts';
import { canonicalRate, formatUnitPrice } from '../common/decimal-text';
import { computeTotals } from '../totals/totals';
import type { DocumentRecord, LineRecord } from './document.record';

/** "2.0000" → "2", "2.5000" → "2.5": quantities as people write them. */
export const formatQuantity = (quantity: string): string => new Decimal(quantity).toString();

/**
 * The API view of a document. Issued documents answer with the totals and line nets stored at
 * issue; drafts compute theirs now, so every answer carries totals that match its lines.
 */
export function toDocumentView(document: DocumentRecord, lines: readonly LineRecord[]): DocumentView {
  const stored = document.totals && lines.every((line) => line.net !== null);
  let totals: TotalsView;
  let nets: string[];
  if (stored) {
    totals = document.totals!;
    nets = lines.map((line) => new Decimal(line.net!).toFixed(2));
  } else {
    const computed = computeTotals(lines);
    const { lines: computedLines, ...rest } = computed;
    totals = rest;
    nets = computedLines.map((line) => line.net);
  }
  return {
    id: document.id,
    kind: document.kind,
    status: document.status,
    name: document.name,
    series: document.series,
    number: document.number,
    fullNumber: document.fullNumber,
    contactId: document.contactId,
    dealId: document.dealId,
    buyer: document.buyer,
    seller: document.seller,
    issueDate: document.issueDate,
    dueDate: document.dueDate,
    validUntil: document.validUntil,
    paymentMethod: document.paymentMethod,
    currency: document.currency,
    notes: document.notes,
    vatExemptionNote: document.vatExemptionNote,
    lines: lines.map((line, index) => toLineView(line, nets[index])),
    totals,
    reversalOf: document.reversalOf,
    reversedBy: document.reversedBy,
    proformaId: document.proformaId,
    invoiceId: document.invoiceId,
    recurrenceId: document.recurrenceId,
    delivery: {
      status: document.deliveryStatus,
      to: document.deliveryTo,
      sentAt: document.sentAt?.toISOString() ?? null,
      error: document.deliveryError,
    },
    viewedAt: document.viewedAt?.toISOString() ?? null,
    issuedAt: document.issuedAt?.toISOString() ?? null,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

function toLineView(line: LineRecord, net: string): DocumentLineView {
  return {
    id: line.id,
    productId: line.productId,
    name: line.name,
    unit: line.unit,
    quantity: formatQuantity(line.quantity),
    unitPrice: formatUnitPrice(line.unitPrice),
    vatRate: canonicalRate(line.vatRate),
    vatCategory: line.vatCategory,
    net,
  };
}
