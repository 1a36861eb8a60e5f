import type { DocumentView, Language, PaymentMethod, VatCategory } from '@app/contracts';

/** What a document is printed as: a storno is an invoice that reverses another. */
export type PrintedKind = 'invoice' | 'proforma' | 'offer' | 'storno' | 'receipt';

export function printedKind(document: Pick<DocumentView, 'kind' | 'reversalOf'>): PrintedKind {
  return document.kind === 'invoice' && document.reversalOf ? 'storno' : document.kind;
}

export interface Labels {
  title: Record<PrintedKind, string>;
  number: string;
  issueDate: string;
  dueDate: string;
  validUntil: string;
  seller: string;
  buyer: string;
  vatId: string;
  registrationNumber: string;
  bank: string;
  iban: string;
  email: string;
  phone: string;
  paymentMethod: string;
  paymentMethods: Record<PaymentMethod, string>;
  columns: {
    no: string;
    name: string;
    unit: string;
    quantity: string;
    unitPrice: string;
    vat: string;
    net: string;
  };
  vatBreakdown: string;
  vatRate: string;
  taxable: string;
  vatAmount: string;
  vatCategories: Record<VatCategory, string>;
  totalNet: string;
  totalVat: string;
  total: string;
  paid: string;
  due: string;
  notes: string;
  page: (page: number, pages: number) => string;
  draft: string;
}

/** Labels in the tenant's language (Romanian first: the reference market). */
export const LABELS: Record<Language, Labels> = {
  ro: {
    title: {
      invoice: 'Factură',
      proforma: 'Factură proformă',
      offer: 'Ofertă',
      storno: 'Factură storno',
      receipt: 'Chitanță',
    },
    number: 'Nr.',
    issueDate: 'Data emiterii',
    dueDate: 'Data scadenței',
    validUntil: 'Valabilă până la',
    seller: 'Furnizor',
    buyer: 'Client',
    vatId: 'CIF',
    registrationNumber: 'Nr. Reg. Com.',
    bank: 'Banca',
    iban: 'IBAN',
    email: 'E-mail',
    phone: 'Telefon',
    paymentMethod: 'Modalitate de plată',
    paymentMethods: {
      bank_transfer: 'Ordin de plată',
      card: 'Card',
      cash: 'Numerar',
      other: 'Altă modalitate',
    },
    columns: {
      no: 'Nr.',
      name: 'Denumire',
      unit: 'U.M.',
      quantity: 'Cant.',
      unitPrice: 'Preț unitar',
      vat: 'TVA %',
      net: 'Valoare',
    },
    vatBreakdown: 'Defalcare TVA',
    vatRate: 'Cotă TVA',
    taxable: 'Bază de impozitare',
    vatAmount: 'TVA',
    vatCategories: {
      standard: 'standard',
      zero: 'cota zero',
      exempt: 'scutit',
      reverse_charge: 'taxare inversă',
      intra_community: 'livrare intracomunitară',
      export: 'export',
      outside_scope: 'neimpozabil',
    },
    totalNet: 'Total fără TVA',
    totalVat: 'Total TVA',
    total: 'Total de plată',
    paid: 'Achitat',
    due: 'Rest de plată',
    notes: 'Mențiuni',
    page: (page, pages) => `Pagina ${page} din ${pages}`,
    draft: 'DRAFT',
  },
  en: {
    title: {
      invoice: 'Invoice',
      proforma: 'Proforma invoice',
      offer: 'Offer',
      storno: 'Storno invoice',
      receipt: 'Receipt',
    },
    number: 'No.',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    validUntil: 'Valid until',
    seller: 'Seller',
    buyer: 'Buyer',
    vatId: 'VAT ID',
    registrationNumber: 'Reg. no.',
    bank: 'Bank',
    iban: 'IBAN',
    email: 'Email',
    phone: 'Phone',
    paymentMethod: 'Payment method',
    paymentMethods: { bank_transfer: 'Bank transfer', card: 'Card', cash: 'Cash', other: 'Other' },
    columns: {
      no: 'No.',
      name: 'Description',
      unit: 'Unit',
      quantity: 'Qty',
      unitPrice: 'Unit price',
      vat: 'VAT %',
      net: 'Net',
    },
    vatBreakdown: 'VAT breakdown',
    vatRate: 'VAT rate',
    taxable: 'Taxable amount',
    vatAmount: 'VAT',
    vatCategories: {
      standard: 'standard',
      zero: 'zero rated',
      exempt: 'exempt',
      reverse_charge: 'reverse charge',
      intra_community: 'intra-community supply',
      export: 'export',
      outside_scope: 'outside the scope of VAT',
    },
    totalNet: 'Total net',
    totalVat: 'Total VAT',
    total: 'Total',
    paid: 'Paid',
    due: 'Amount due',
    notes: 'Notes',
    page: (page, pages) => `Page ${page} of ${pages}`,
    draft: 'DRAFT',
  },
};

/** `2026-11-26` as Romanians write it (26.11.2026); English keeps ISO, which nobody misreads. */
export function formatDate(date: string | null, language: Language): string {
  if (!date) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  return language === 'ro' ? `${match[3]}.${match[2]}.${match[1]}` : `${match[1]}-${match[2]}-${match[3]}`;
}
