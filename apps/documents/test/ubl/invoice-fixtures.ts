import type { BuyerView, DocumentLineView, DocumentView, SellerView, VatCategory } from '@app/contracts';
// Tests only: the fixtures get their totals from billing's own computeTotals, so the XML is checked
// against the numbers billing really stores. Production code in documents never imports billing.
import { computeTotals } from '../../../billing/src/totals/totals';
import type { ReversedInvoiceRef, UblInvoiceOptions } from '../../src/ubl/ubl-invoice.builder';

/** A Romanian seller, VAT registered, in Cluj-Napoca. */
export const SELLER: SellerView = {
  legalName: 'Atelierul de Software Științific SRL',
  vatId: 'RO18547290',
  registrationNumber: 'J40/12345/2015',
  address: {
    street: 'Str. Memorandumului nr. 28, ap. 4',
    city: 'Cluj-Napoca',
    region: 'Cluj',
    postalCode: '400114',
    country: 'RO',
  },
  bankName: 'Banca Transilvania',
  iban: 'RO49AAAA1B31007593840000',
  email: 'facturi@atelier-stiintific.ro',
  phone: '+40 264 000 000',
  vatRegistered: true,
};

/** A company in București, Sector 3. */
export const BUCHAREST_COMPANY: BuyerView = {
  type: 'company',
  name: 'Țesătoria Bucureșteană SA',
  vatId: 'RO14399840',
  registrationNumber: 'J40/8805/2002',
  email: 'contabilitate@tesatoria.ro',
  address: {
    street: 'Bd. Unirii nr. 64, bl. K4, sc. 2',
    city: 'București',
    region: 'Sector 3',
    postalCode: '030833',
    country: 'RO',
  },
};

/** A company in Iași, region typed as an ISO 3166-2 code. */
export const IASI_COMPANY: BuyerView = {
  type: 'company',
  name: 'Mobila Moldovei SRL',
  vatId: 'RO31415926',
  registrationNumber: 'J22/1500/2013',
  email: null,
  address: {
    street: 'Str. Păcurari 121',
    city: 'Iași',
    region: 'RO-IS',
    postalCode: '700545',
    country: 'RO',
  },
};

/** A person in Brașov who gave no CNP. */
export const PERSON: BuyerView = {
  type: 'person',
  name: 'Ștefan Țărănescu',
  vatId: null,
  registrationNumber: null,
  email: 'stefan.taranescu@example.ro',
  address: {
    street: 'Str. Mureșenilor 14',
    city: 'Brașov',
    region: 'Județul Brașov',
    postalCode: '500030',
    country: 'RO',
  },
};

export interface LineSpec {
  name: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  vatRate?: string;
  vatCategory?: VatCategory;
}

let sequence = 0;
const id = (prefix: number) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(++sequence).toString(16).padStart(12, '0')}`;

/**
 * An issued invoice as billing's `billing.invoice.issued` carries it, with line nets and totals
 * from billing's computeTotals.
 */
export function issuedInvoice(
  lines: readonly LineSpec[],
  overrides: Partial<Omit<DocumentView, 'lines' | 'totals'>> = {},
): DocumentView {
  const withVat = lines.map((line) => ({
    ...line,
    vatRate: line.vatRate ?? '21',
    vatCategory: line.vatCategory ?? 'standard',
  }));
  const { lines: nets, ...totals } = computeTotals(withVat);
  const documentLines: DocumentLineView[] = withVat.map((line, index) => ({
    id: id(2),
    productId: null,
    name: line.name,
    unit: line.unit,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    vatRate: line.vatRate,
    vatCategory: line.vatCategory,
    net: nets[index].net,
  }));
  return {
    id: id(1),
    kind: 'invoice',
    status: 'issued',
    name: 'Invoice',
    series: 'INV',
    number: 42,
    fullNumber: 'INV-0042',
    contactId: id(3),
    dealId: null,
    buyer: BUCHAREST_COMPANY,
    seller: SELLER,
    issueDate: '2026-11-26',
    dueDate: '2026-12-10',
    validUntil: null,
    paymentMethod: 'bank_transfer',
    currency: 'RON',
    notes: null,
    vatExemptionNote: null,
    lines: documentLines,
    totals,
    reversalOf: null,
    reversedBy: null,
    proformaId: null,
    invoiceId: null,
    recurrenceId: null,
    delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    viewedAt: null,
    issuedAt: '2026-11-26T09:30:00.000Z',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:30:00.000Z',
    ...overrides,
  };
}

/** A storno of `original` as billing's reversal makes it: quantities negated, prices kept. */
export function stornoOf(original: DocumentView): { storno: DocumentView; reverses: ReversedInvoiceRef } {
  const lines = original.lines.map((line) => ({
    name: line.name ?? '',
    unit: line.unit ?? '',
    quantity: line.quantity.startsWith('-') ? line.quantity.slice(1) : `-${line.quantity}`,
    unitPrice: line.unitPrice,
    vatRate: line.vatRate,
    vatCategory: line.vatCategory,
  }));
  const storno = issuedInvoice(lines, {
    buyer: original.buyer,
    number: 43,
    fullNumber: 'INV-0043',
    issueDate: '2026-11-28',
    dueDate: '2026-11-28',
    paymentMethod: original.paymentMethod,
    notes: `Storno of invoice ${original.fullNumber} of ${original.issueDate}.`,
    vatExemptionNote: original.vatExemptionNote,
    reversalOf: original.id,
  });
  return { storno, reverses: { fullNumber: original.fullNumber ?? '', issueDate: original.issueDate } };
}

export interface UblCase {
  /** File name, without .xml. */
  name: string;
  document: DocumentView;
  options: UblInvoiceOptions;
}

const LONG_NAME =
  'Servicii de consultanță și dezvoltare software pentru modernizarea platformei de facturare ' +
  'electronică a Societății Naționale de Transport Feroviar de Marfă, inclusiv integrarea cu ' +
  'sistemul RO e-Factura, migrarea datelor istorice și instruirea personalului din ' +
  'județele Sălaj, Bistrița-Năsăud și Mureș';

/** The eight documents the issue asks for, each passed to the official validator. */
export function ublCases(): UblCase[] {
  const plain = issuedInvoice(
    [
      { name: 'Licență anuală platformă de facturare', unit: 'pcs', quantity: '1', unitPrice: '2400.00' },
      { name: 'Implementare și configurare', unit: 'h', quantity: '12', unitPrice: '180.00' },
    ],
    { notes: 'Vă mulțumim pentru colaborare! Plata în 14 zile.' },
  );
  const mixed = issuedInvoice(
    [
      { name: 'Laptop de birou', unit: 'pcs', quantity: '2', unitPrice: '3899.99', vatRate: '21' },
      { name: 'Manuale tehnice tipărite', unit: 'pcs', quantity: '7', unitPrice: '45.35', vatRate: '11' },
      { name: 'Cazare hotel, 3 nopți', unit: 'service', quantity: '1', unitPrice: '612.50', vatRate: '11' },
      {
        name: 'Transport internațional de bunuri',
        unit: 'km',
        quantity: '380',
        unitPrice: '2.15',
        vatRate: '0',
        vatCategory: 'zero',
      },
      // Ten lines of 0.10: VAT is rounded once per rate (0.21), not per line.
      ...Array.from({ length: 10 }, (_, index) => ({
        name: `Timbru poștal ${index + 1}`,
        unit: 'pcs',
        quantity: '1',
        unitPrice: '0.10',
        vatRate: '21',
      })),
    ],
    { buyer: IASI_COMPANY, fullNumber: 'INV-0044', number: 44 },
  );
  const exemptSeller: SellerView = {
    ...SELLER,
    legalName: 'Cabinet Individual de Traduceri Ioana Mureșan',
    vatId: '18547290',
    vatRegistered: false,
    registrationNumber: 'F12/345/2019',
  };
  const exempt = issuedInvoice(
    [
      { name: 'Traducere autorizată', unit: 'pagină', quantity: '14', unitPrice: '55.00', vatRate: '0' },
      { name: 'Legalizare traducere', unit: 'pcs', quantity: '3', unitPrice: '40.00', vatRate: '0' },
    ].map((line) => ({ ...line, vatCategory: 'exempt' as const })),
    {
      seller: exemptSeller,
      vatExemptionNote: 'Scutit de TVA conform art. 310 din Codul fiscal (regim special de scutire)',
      paymentMethod: 'cash',
      fullNumber: 'TRD-0007',
      number: 7,
      series: 'TRD',
    },
  );
  const original = issuedInvoice(
    [
      { name: 'Abonament lunar găzduire', unit: 'month', quantity: '3', unitPrice: '149.90' },
      { name: 'Carte tehnică', unit: 'pcs', quantity: '2', unitPrice: '89.45', vatRate: '11' },
    ],
    { issueDate: '2026-11-20', dueDate: '2026-12-04', fullNumber: 'INV-0041', number: 41 },
  );
  const { storno, reverses } = stornoOf(original);
  const person = issuedInvoice(
    [{ name: 'Reparație centrală termică', unit: 'service', quantity: '1', unitPrice: '350.00' }],
    { buyer: PERSON, paymentMethod: 'card', fullNumber: 'INV-0045', number: 45 },
  );
  const nonAscii = issuedInvoice(
    [
      { name: LONG_NAME, unit: 'h', quantity: '37.5', unitPrice: '215.00' },
      {
        name: 'Șnițel, ciorbă de burtă și mămăligă — „meniul zilei”',
        unit: 'buc',
        quantity: '4',
        unitPrice: '42.50',
        vatRate: '11',
      },
    ],
    {
      buyer: {
        ...BUCHAREST_COMPANY,
        name: `Societatea Națională de Transport Feroviar de Marfă „CFR Marfă” SA — Sucursala Regională de Întreținere și Reparații Vagoane Ştefăneşti, Ţăndărei și Bălțătești (Direcția Economică)`,
        address: {
          street:
            'Bd. Dinicu Golescu nr. 38, Clădirea Administrativă a Gării de Nord, corp B, etajul 4, ' +
            'biroul 412, intrarea dinspre Calea Griviței, lângă Piața Gării de Nord și stația de metrou',
          city: 'București',
          region: 'Municipiul București',
          postalCode: '010873',
          country: 'RO',
        },
      },
      notes:
        'Factura se achită prin ordin de plată în contul indicat. Vă rugăm să menționați numărul ' +
        'facturii la plată. Pentru întrebări privind această factură contactați departamentul ' +
        'financiar-contabil la adresa de email de mai sus. Mulțumim pentru încredere și vă dorim ' +
        'sărbători fericite! Întârzierea la plată atrage penalități de 0,1% pe zi, conform contractului ' +
        'nr. 128/2026 încheiat între părți.',
      fullNumber: 'INV-0046',
      number: 46,
    },
  );
  const decimals = issuedInvoice(
    [
      { name: 'Cablu de cupru', unit: 'm', quantity: '12.375', unitPrice: '4.1235' },
      { name: 'Granule plastic', unit: 'kg', quantity: '0.3333', unitPrice: '17.9999' },
      { name: 'Consultanță', unit: 'h', quantity: '1.25', unitPrice: '333.3333', vatRate: '11' },
      // A discount line: a negative quantity on an invoice, the price still positive.
      { name: 'Reducere fidelitate', unit: 'pcs', quantity: '-1', unitPrice: '10.005' },
    ],
    { buyer: IASI_COMPANY, fullNumber: 'INV-0047', number: 47 },
  );
  const units = ['pcs', 'h', 'kg', 'm', 'service'];
  const large = issuedInvoice(
    Array.from({ length: 500 }, (_, index) => ({
      name: `Articol de inventar nr. ${index + 1} — piesă de schimb`,
      unit: units[index % units.length],
      quantity: `${(index % 7) + 1}.${index % 10}`,
      unitPrice: `${(index * 37) % 1000}.${String((index * 53) % 10000).padStart(4, '0')}`,
      vatRate: ['21', '11', '0'][index % 3],
      vatCategory: index % 3 === 2 ? ('zero' as const) : ('standard' as const),
    })),
    { fullNumber: 'INV-0048', number: 48 },
  );
  return [
    { name: 'plain-invoice', document: plain, options: {} },
    { name: 'mixed-rates-21-11-0', document: mixed, options: {} },
    { name: 'vat-exempt-seller', document: exempt, options: {} },
    { name: 'storno', document: storno, options: { reverses } },
    { name: 'person-buyer', document: person, options: {} },
    { name: 'long-non-ascii-names', document: nonAscii, options: {} },
    { name: 'three-four-decimals', document: decimals, options: {} },
    { name: 'five-hundred-lines', document: large, options: {} },
  ];
}

/** A company in Germany, VAT registered: the buyer of intra-Community supplies. */
export const GERMAN_COMPANY: BuyerView = {
  type: 'company',
  name: 'Müller Maschinenbau GmbH',
  vatId: 'DE129273398',
  registrationNumber: 'HRB 12345',
  email: 'einkauf@mueller-maschinenbau.de',
  address: {
    street: 'Industriestraße 7',
    city: 'Stuttgart',
    region: null,
    postalCode: '70565',
    country: 'DE',
  },
};

/**
 * Categories and currencies beyond the eight required cases, which take other branches of the
 * builder: reverse charge (AE), an intra-Community supply in EUR (K, delivery, VAT in RON), export
 * (G), outside the scope of VAT (O), and a seller outside Romania (plain EN 16931).
 */
export function moreUblCases(): UblCase[] {
  const reverseCharge = issuedInvoice(
    [
      {
        name: 'Deșeuri feroase (taxare inversă)',
        unit: 't',
        quantity: '2.45',
        unitPrice: '1180.00',
        vatRate: '0',
        vatCategory: 'reverse_charge',
      },
    ],
    { buyer: IASI_COMPANY, fullNumber: 'INV-0050', number: 50 },
  );
  const intraCommunity = issuedInvoice(
    [
      {
        name: 'Componente electronice',
        unit: 'pcs',
        quantity: '120',
        unitPrice: '14.75',
        vatRate: '0',
        vatCategory: 'intra_community',
      },
    ],
    { buyer: GERMAN_COMPANY, currency: 'EUR', fullNumber: 'INV-0051', number: 51 },
  );
  const exported = issuedInvoice(
    [
      {
        name: 'Mobilier de birou',
        unit: 'set',
        quantity: '3',
        unitPrice: '2100.00',
        vatRate: '0',
        vatCategory: 'export',
      },
    ],
    {
      buyer: {
        ...GERMAN_COMPANY,
        name: 'Swiss Office AG',
        vatId: 'CHE123456789',
        address: { ...GERMAN_COMPANY.address, city: 'Zürich', postalCode: '8001', country: 'CH' },
      },
      fullNumber: 'INV-0052',
      number: 52,
    },
  );
  const outside = issuedInvoice(
    [
      {
        name: 'Despăgubire contractuală',
        unit: 'service',
        quantity: '1',
        unitPrice: '500.00',
        vatRate: '0',
        vatCategory: 'outside_scope',
      },
    ],
    { buyer: IASI_COMPANY, fullNumber: 'INV-0053', number: 53 },
  );
  const germanSeller = issuedInvoice(
    [{ name: 'Beratung', unit: 'h', quantity: '8', unitPrice: '120.00', vatRate: '19' }],
    {
      seller: {
        ...SELLER,
        legalName: 'Beispiel Beratung GmbH',
        vatId: 'DE811569869',
        registrationNumber: 'HRB 98765',
        address: {
          street: 'Königstraße 1',
          city: 'Berlin',
          region: null,
          postalCode: '10178',
          country: 'DE',
        },
        iban: 'DE89370400440532013000',
      },
      buyer: GERMAN_COMPANY,
      currency: 'EUR',
      fullNumber: 'RE-2026-0001',
      number: 1,
    },
  );
  return [
    { name: 'reverse-charge', document: reverseCharge, options: {} },
    { name: 'intra-community-eur', document: intraCommunity, options: { vatInRon: '0.00' } },
    { name: 'export', document: exported, options: {} },
    { name: 'outside-scope', document: outside, options: {} },
    { name: 'german-seller-en16931', document: germanSeller, options: {} },
  ];
}
