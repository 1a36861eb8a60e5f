import { randomUUID } from 'node:crypto';
import type { DocumentLineView, DocumentView, SellerView } from '@app/contracts';

export const SAMPLE_SELLER: SellerView = {
  legalName: 'Atelierul de Software Științific SRL',
  vatId: 'RO18547290',
  registrationNumber: 'J40/1234/2020',
  address: {
    street: 'Str. Lalelelor 12',
    city: 'București',
    region: 'Sector 1',
    postalCode: '010101',
    country: 'RO',
  },
  bankName: 'Banca Transilvania',
  iban: 'RO49AAAA1B31007593840000',
  email: 'facturi@atelier.example',
  phone: '+40 21 000 0000',
  vatRegistered: true,
};

function line(index: number): DocumentLineView {
  return {
    id: randomUUID(),
    productId: null,
    name: `Servicii de dezvoltare și mentenanță, modulul ${index + 1}`,
    unit: 'h',
    quantity: '2',
    unitPrice: '150.00',
    vatRate: '21',
    vatCategory: 'standard',
    net: '300.00',
  };
}

/**
 * A realistic issued invoice, as billing's `billing.invoice.issued` carries it: `lines` lines of
 * 300.00 at 21 % VAT. The totals are computed here the way billing does for this simple case.
 */
export function sampleDocument(overrides: Partial<DocumentView> = {}, lines = 10): DocumentView {
  const net = (300 * lines).toFixed(2);
  const vat = (63 * lines).toFixed(2);
  const gross = (363 * lines).toFixed(2);
  return {
    id: randomUUID(),
    kind: 'invoice',
    status: 'issued',
    name: 'Invoice – Ștefan Țărănescu SRL – 2026-11-26',
    series: 'INV',
    number: 42,
    fullNumber: 'INV-0042',
    contactId: randomUUID(),
    dealId: null,
    buyer: {
      type: 'company',
      name: 'Ștefan Țărănescu SRL',
      vatId: 'RO12345678',
      registrationNumber: 'J12/345/2019',
      email: 'contabilitate@taranescu.example',
      address: {
        street: 'Bd. Eroilor 3',
        city: 'Cluj-Napoca',
        region: 'Cluj',
        postalCode: '400129',
        country: 'RO',
      },
    },
    seller: SAMPLE_SELLER,
    issueDate: '2026-11-26',
    dueDate: '2026-12-10',
    validUntil: null,
    paymentMethod: 'bank_transfer',
    currency: 'RON',
    notes: 'Vă mulțumim! Plata în 14 zile.',
    vatExemptionNote: null,
    lines: Array.from({ length: lines }, (_, index) => line(index)),
    totals: {
      net,
      vat,
      gross,
      paid: '0.00',
      due: gross,
      vatBreakdown: [{ rate: '21', category: 'standard', taxable: net, vat }],
    },
    reversalOf: null,
    reversedBy: null,
    proformaId: null,
    invoiceId: null,
    recurrenceId: null,
    delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    viewedAt: null,
    issuedAt: '2026-11-26T10:15:00.000Z',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:15:00.000Z',
    ...overrides,
  };
}
