import type { DocumentRecord } from '../documents/document.record';

/**
 * Why a proforma cannot be marked paid, or null when it can: only an issued proforma is paid, and
 * only once (the second of two racing calls finds it paid).
 */
export function markPaidRefusal(proforma: Pick<DocumentRecord, 'status' | 'invoiceId'>): string | null {
  switch (proforma.status) {
    case 'issued':
      return null;
    case 'paid':
      return proforma.invoiceId
        ? `This proforma is already paid; its invoice is ${proforma.invoiceId}`
        : 'This proforma is already paid';
    case 'voided':
      return 'This proforma is voided; it takes no payment';
    case 'trashed':
      return 'This draft is in the trash; restore and issue it first';
    case 'draft':
      return 'Only an issued proforma can be marked paid; issue it first';
    default:
      return `A proforma in status ${proforma.status} cannot be marked paid`;
  }
}

/** Why a proforma cannot be voided, or null: only an issued, unpaid proforma is voided, once. */
export function voidRefusal(proforma: Pick<DocumentRecord, 'status'>): string | null {
  switch (proforma.status) {
    case 'issued':
      return null;
    case 'paid':
      return 'A paid proforma cannot be voided; reverse its invoice instead';
    case 'voided':
      return 'This proforma is already voided';
    case 'draft':
    case 'trashed':
      return 'Only an issued proforma can be voided; a draft can be moved to the trash instead';
    default:
      return `A proforma in status ${proforma.status} cannot be voided`;
  }
}

/** The internal name of the final invoice: `Invoice – ACME SRL – 2026-11-26 (PRF-0007)`. */
export function finalInvoiceName(proforma: Pick<DocumentRecord, 'fullNumber' | 'buyer'>, issueDate: string) {
  return `Invoice – ${proforma.buyer.name} – ${issueDate} (${proforma.fullNumber})`;
}
