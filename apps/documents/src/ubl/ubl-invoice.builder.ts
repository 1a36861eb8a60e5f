import { Decimal } from 'decimal.js';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type {
  Address,
  DocumentLineView,
  DocumentView,
  FieldProblem,
  SellerView,
  VatCategory,
} from '@app/contracts';
import { unprocessable } from '@app/platform';
import { bucharestSector, roCountyCode } from './ro-county-codes';
import { paymentMeansCode, unitCode, VAT_CATEGORY_CODES } from './ubl-code-lists';
import { cleanText, codePointLength, oneLine, splitText, truncate } from './ubl-text';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
} as const;

/** BT-24. The CIUS-RO rules 1.0.9 still check for this identifier (BR-RO-001). */
export const CIUS_RO_CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:efactura.mfinante.ro:CIUS-RO:1.0.1';
export const EN16931_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017';

/** Invoice; a storno is an invoice with negative quantities (CIUS-RO has no use for 381 here). */
const INVOICE_TYPE_CODE = '380';
/** A natural person who gives no CNP is identified by 13 zeros (allowed in RO e-Factura since 2025). */
export const ANONYMOUS_PERSON_ID = '0000000000000';

export interface ReversedInvoiceRef {
  /** The original invoice's printed number (BT-25). */
  fullNumber: string;
  /** Its issue date (BT-26). */
  issueDate: string;
}

export interface UblInvoiceOptions {
  /**
   * 'auto' (the default): CIUS-RO when the seller's address is in Romania, plain EN 16931
   * otherwise.
   */
  profile?: 'auto' | 'cius-ro' | 'en16931';
  /**
   * For a storno (`reversalOf` set): the invoice it reverses. DocumentView carries only the id, so
   * the caller looks the original up; a storno without it is refused.
   */
  reverses?: ReversedInvoiceRef | null;
  /** Total VAT in RON (BT-111): CIUS-RO requires it when the currency is not RON (BR-RO-030). */
  vatInRon?: string | null;
  /** Delivery date (BT-72), written for intra-Community supplies (BR-IC-11); default the issue date. */
  deliveryDate?: string | null;
  /** Indented output (default true). */
  prettyPrint?: boolean;
}

/** CIUS-RO length caps (BR-RO-Lnnn), in code points. */
const MAX = {
  partyName: 200,
  street: [150, 100, 100] as const,
  city: 50,
  postalCode: 20,
  contact: 100,
  note: 300,
  notes: 20,
  itemName: 100,
  itemDescription: 200,
  exemptionReason: 100,
  paymentId: 140,
  number: 200,
};

/** What every part of the builder shares: the profile, the currency and the problems found. */
class UblWriter {
  readonly problems: FieldProblem[] = [];

  constructor(
    readonly ro: boolean,
    readonly currency: string,
    /** Outside the scope of VAT: no VAT identifiers anywhere (BR-O-02). */
    readonly outsideScope: boolean,
  ) {}

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  cbc(parent: XMLBuilder, name: string, text: string, attributes?: Record<string, string>): XMLBuilder {
    return parent.ele(NS.cbc, `cbc:${name}`, attributes).txt(text);
  }

  cac(parent: XMLBuilder, name: string): XMLBuilder {
    return parent.ele(NS.cac, `cac:${name}`);
  }

  /** An amount as billing stored it, always with 2 decimals ("12.5" → "12.50"), never rounded. */
  amount(parent: XMLBuilder, name: string, value: string, path: string, currency = this.currency): void {
    let text = value;
    if (!/^-?\d+(\.\d{1,2})?$/.test(value)) this.problem(path, `"${value}" is not an amount with 2 decimals`);
    else text = new Decimal(value).isZero() ? '0.00' : new Decimal(value).toFixed(2);
    this.cbc(parent, name, text, { currencyID: currency });
  }
}

/**
 * The issued invoice or storno as a UBL 2.1 Invoice (EN 16931; CIUS-RO 1.0.9 for a Romanian
 * seller). A pure function of the stored document: every amount is billing's own, written as is
 * (line nets, VAT per category, totals), never recomputed, so the XML, the API and the PDF agree
 * to the cent. What would make the file invalid and cannot be taken from the document (a storno's
 * original, a Bucharest sector, an identifier) is refused with every problem at once (422).
 */
export function buildUblInvoice(document: DocumentView, options: UblInvoiceOptions = {}): string {
  const seller = document.seller;
  const refusals: FieldProblem[] = [];
  if (document.kind !== 'invoice')
    refusals.push({ path: 'kind', message: `a ${document.kind} is not a fiscal invoice` });
  if (!document.fullNumber || document.status === 'draft' || document.status === 'trashed')
    refusals.push({ path: 'status', message: 'only an issued invoice can be rendered as UBL' });
  if (!seller) refusals.push({ path: 'seller', message: 'the document has no seller snapshot' });
  if (refusals.length > 0 || !seller) throw unprocessable('The document cannot be rendered as UBL', refusals);

  const profile =
    !options.profile || options.profile === 'auto'
      ? countryOf(seller.address) === 'RO'
        ? 'cius-ro'
        : 'en16931'
      : options.profile;
  const categories = new Set(document.lines.map((line) => line.vatCategory));
  const w = new UblWriter(profile === 'cius-ro', document.currency, categories.has('outside_scope'));
  if (w.outsideScope && categories.size > 1)
    w.problem('lines', 'lines outside the scope of VAT cannot share an invoice with other VAT categories');

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.invoice, 'Invoice', {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  header(w, root, document, options);
  sellerParty(w, w.cac(w.cac(root, 'AccountingSupplierParty'), 'Party'), seller);
  buyerParty(w, w.cac(w.cac(root, 'AccountingCustomerParty'), 'Party'), document);
  if (categories.has('intra_community')) {
    // An intra-Community supply needs its delivery date and country (BR-IC-11, BR-IC-12).
    const delivery = w.cac(root, 'Delivery');
    w.cbc(delivery, 'ActualDeliveryDate', options.deliveryDate ?? document.issueDate);
    postalAddress(w, w.cac(delivery, 'DeliveryLocation'), document.buyer.address, 'buyer.address', 'Address');
  }
  paymentMeans(w, root, document, seller);
  vatBreakdown(w, root, document, options);
  monetaryTotal(w, root, document);
  if (document.lines.length === 0) w.problem('lines', 'an invoice needs at least one line');
  for (const [index, line] of document.lines.entries()) invoiceLine(w, root, line, index);

  if (w.problems.length > 0) throw unprocessable('The document cannot be rendered as UBL', w.problems);
  return root.end({ prettyPrint: options.prettyPrint ?? true });
}

/** BT-1 .. BT-22, the currencies, and a storno's reference to the invoice it reverses (BG-3). */
function header(w: UblWriter, root: XMLBuilder, document: DocumentView, options: UblInvoiceOptions): void {
  const number = document.fullNumber ?? '';
  w.cbc(root, 'UBLVersionID', '2.1');
  w.cbc(root, 'CustomizationID', w.ro ? CIUS_RO_CUSTOMIZATION_ID : EN16931_CUSTOMIZATION_ID);
  if (w.ro && !/[0-9]/.test(number)) w.problem('fullNumber', 'the invoice number needs a digit (BR-RO-010)');
  w.cbc(root, 'ID', truncate(number, MAX.number));
  w.cbc(root, 'IssueDate', document.issueDate);
  if (document.dueDate) w.cbc(root, 'DueDate', document.dueDate);
  // An amount to pay needs a due date or payment terms (BR-CO-25); billing always sets the date.
  else if (/^\d/.test(document.totals.due) && !/^0(\.0+)?$/.test(document.totals.due))
    w.problem('dueDate', 'an invoice with an amount due needs a due date (BR-CO-25)');
  w.cbc(root, 'InvoiceTypeCode', INVOICE_TYPE_CODE);
  const notes = cleanText(document.notes);
  // CIUS-RO allows 20 notes of 300 characters (BR-RO-A020, BR-RO-L300): long notes are split.
  if (notes) {
    const pieces = splitText(notes.replace(/[ \t]+/g, ' '), Array<number>(MAX.notes).fill(MAX.note));
    for (const piece of pieces) w.cbc(root, 'Note', piece);
  }
  w.cbc(root, 'DocumentCurrencyCode', w.currency);
  if (w.ro && w.currency !== 'RON') {
    w.cbc(root, 'TaxCurrencyCode', 'RON');
    if (!options.vatInRon)
      w.problem('vatInRon', `an invoice in ${w.currency} needs its VAT total in RON (BR-RO-030)`);
  }
  if (document.reversalOf) {
    const original = options.reverses;
    if (!original?.fullNumber || !original.issueDate) {
      w.problem('reversalOf', 'a storno needs the number and issue date of the invoice it reverses');
      return;
    }
    const reference = w.cac(w.cac(root, 'BillingReference'), 'InvoiceDocumentReference');
    w.cbc(reference, 'ID', truncate(original.fullNumber, MAX.number));
    w.cbc(reference, 'IssueDate', original.issueDate);
  }
}

/** BG-4: address, VAT id (BT-31) or tax registration id (BT-32), legal name and number, contact. */
function sellerParty(w: UblWriter, party: XMLBuilder, seller: SellerView): void {
  postalAddress(w, party, seller.address, 'seller.address');
  const id = normalizeTaxId(seller.vatId);
  if (!id) {
    w.problem('seller.vatId', 'the seller needs a VAT or tax registration identifier (BR-RO-065)');
  } else if (seller.vatRegistered && !w.outsideScope) {
    // BT-31 carries its country prefix (BR-CO-09): a Romanian "18547290" is RO18547290.
    taxScheme(w, party, hasCountryPrefix(id) ? id : `${countryOf(seller.address) ?? ''}${id}`, 'VAT');
  } else {
    // Not registered for VAT: the CUI is a tax registration identifier, not a VAT number.
    taxScheme(w, party, id, 'TAX');
  }
  const name = oneLine(seller.legalName);
  if (!name) w.problem('seller.legalName', 'the seller needs a legal name');
  const entity = w.cac(party, 'PartyLegalEntity');
  w.cbc(entity, 'RegistrationName', truncate(name ?? '', MAX.partyName));
  const registration = oneLine(seller.registrationNumber);
  if (registration) w.cbc(entity, 'CompanyID', registration);
  contact(w, party, seller.phone, seller.email);
}

/**
 * BG-7. A VAT number with its country prefix is BT-48; a company's other identifier (a CUI of a
 * company not registered for VAT, or its trade register number) is BT-47. A person is identified by
 * a CNP when one was given (13 digits in the VAT id or registration number), else, for CIUS-RO,
 * by 13 zeros, as the law allows for buyers who do not give theirs (BR-RO-120 wants BT-47 or BT-48).
 */
function buyerParty(w: UblWriter, party: XMLBuilder, document: DocumentView): void {
  const buyer = document.buyer;
  postalAddress(w, party, buyer.address, 'buyer.address');
  const vatId = normalizeTaxId(buyer.vatId);
  const registration = oneLine(buyer.registrationNumber);
  const vatNumber = vatId && hasCountryPrefix(vatId) && !w.outsideScope ? vatId : null;
  let legalId: string | null;
  if (buyer.type === 'person') {
    const cnp = [vatId, registration].find((value) => value && /^\d{13}$/.test(value)) ?? null;
    legalId = cnp ?? (vatNumber || !w.ro ? null : ANONYMOUS_PERSON_ID);
  } else {
    legalId = vatNumber ? registration : (vatId ?? registration);
  }
  if (vatNumber) taxScheme(w, party, vatNumber, 'VAT');
  const name = oneLine(buyer.name);
  if (!name) w.problem('buyer.name', 'the buyer needs a name');
  const entity = w.cac(party, 'PartyLegalEntity');
  w.cbc(entity, 'RegistrationName', truncate(name ?? '', MAX.partyName));
  if (legalId) w.cbc(entity, 'CompanyID', legalId);
  else if (w.ro && !vatNumber)
    w.problem('buyer.vatId', 'the buyer needs a VAT id or a registration number (BR-RO-120)');
  contact(w, party, null, buyer.email);
}

/**
 * BG-5/BG-8/BG-15. For Romania the county is coded (RO-CJ, BR-RO-110) and a Bucharest city is its
 * sector (SECTOR3, BR-RO-100). A street longer than CIUS-RO's 150 characters continues in the
 * address lines 2 and 3 (100 each).
 */
function postalAddress(
  w: UblWriter,
  parent: XMLBuilder,
  address: Address,
  path: string,
  element: 'PostalAddress' | 'Address' = 'PostalAddress',
): void {
  const node = w.cac(parent, element);
  const country = countryOf(address);
  const street = oneLine(address.street);
  let city = oneLine(address.city);
  let subentity = oneLine(address.region);
  if (country === 'RO') {
    subentity = roCountyCode(address.region, address.city);
    if (!subentity) w.problem(`${path}.region`, 'a Romanian address needs its county (BR-RO-110)');
    if (subentity === 'RO-B') {
      city = bucharestSector(address);
      if (!city) w.problem(`${path}.city`, 'a Bucharest address needs its sector, 1 to 6 (BR-RO-100)');
    }
  } else if (element === 'Address' && w.ro && !subentity) {
    // CIUS-RO wants a subdivision on a delivery address (BR-RO-210): the city stands in for it.
    subentity = city;
  }
  if (!street && w.ro) w.problem(`${path}.street`, 'the address needs a street (BR-RO-080)');
  if (!city && w.ro) w.problem(`${path}.city`, 'the address needs a city (BR-RO-090)');
  if (!country) w.problem(`${path}.country`, 'the address needs a country');
  const [line1, line2, line3] = street ? splitText(street, MAX.street) : [];
  if (line1) w.cbc(node, 'StreetName', line1);
  if (line2) w.cbc(node, 'AdditionalStreetName', line2);
  if (city) w.cbc(node, 'CityName', truncate(city, MAX.city));
  const postal = oneLine(address.postalCode);
  if (postal) w.cbc(node, 'PostalZone', truncate(postal, MAX.postalCode));
  if (subentity) w.cbc(node, 'CountrySubentity', subentity);
  if (line3) w.cbc(w.cac(node, 'AddressLine'), 'Line', line3);
  w.cbc(w.cac(node, 'Country'), 'IdentificationCode', country ?? '');
}

function taxScheme(w: UblWriter, party: XMLBuilder, id: string, scheme: 'VAT' | 'TAX'): void {
  const node = w.cac(party, 'PartyTaxScheme');
  w.cbc(node, 'CompanyID', id);
  w.cbc(w.cac(node, 'TaxScheme'), 'ID', scheme);
}

function contact(w: UblWriter, party: XMLBuilder, phone: string | null, email: string | null): void {
  const telephone = oneLine(phone);
  const mail = oneLine(email);
  if (!telephone && !mail) return;
  const node = w.cac(party, 'Contact');
  if (telephone) w.cbc(node, 'Telephone', truncate(telephone, MAX.contact));
  if (mail) w.cbc(node, 'ElectronicMail', truncate(mail, MAX.contact));
}

/** BG-16: one means, from the document's payment method; a bank transfer names the seller's IBAN. */
function paymentMeans(w: UblWriter, root: XMLBuilder, document: DocumentView, seller: SellerView): void {
  const iban = seller.iban ? seller.iban.replace(/\s+/g, '').toUpperCase() : null;
  const code = paymentMeansCode(document.paymentMethod, iban !== null);
  const means = w.cac(root, 'PaymentMeans');
  w.cbc(means, 'PaymentMeansCode', code);
  // The remittance information a bank transfer should quote (BT-83).
  w.cbc(means, 'PaymentID', truncate(document.fullNumber ?? '', MAX.paymentId));
  if (iban && code === '30') w.cbc(w.cac(means, 'PayeeFinancialAccount'), 'ID', iban);
}

/** BG-23: billing's breakdown per rate and category, as is; in RON too when CIUS-RO asks (BT-111). */
function vatBreakdown(
  w: UblWriter,
  root: XMLBuilder,
  document: DocumentView,
  options: UblInvoiceOptions,
): void {
  const taxTotal = w.cac(root, 'TaxTotal');
  w.amount(taxTotal, 'TaxAmount', document.totals.vat, 'totals.vat');
  for (const [index, group] of document.totals.vatBreakdown.entries()) {
    const path = `totals.vatBreakdown[${index}]`;
    const subtotal = w.cac(taxTotal, 'TaxSubtotal');
    w.amount(subtotal, 'TaxableAmount', group.taxable, `${path}.taxable`);
    w.amount(subtotal, 'TaxAmount', group.vat, `${path}.vat`);
    taxCategory(w, w.cac(subtotal, 'TaxCategory'), group.category, group.rate, document.vatExemptionNote);
  }
  if (w.ro && w.currency !== 'RON' && options.vatInRon)
    w.amount(w.cac(root, 'TaxTotal'), 'TaxAmount', options.vatInRon, 'vatInRon', 'RON');
}

/**
 * A VAT category: code and rate (none for O). On the breakdown (`exemptionNote` given, even null),
 * the reason: E takes the document's exemption note (BR-E-10); AE, K, G and O their VATEX code.
 */
function taxCategory(
  w: UblWriter,
  node: XMLBuilder,
  category: VatCategory,
  rate: string,
  exemptionNote?: string | null,
): void {
  const code = VAT_CATEGORY_CODES[category];
  w.cbc(node, 'ID', code.code);
  if (code.hasRate) w.cbc(node, 'Percent', rate);
  if (exemptionNote !== undefined) {
    if (code.code === 'E') {
      w.cbc(
        node,
        'TaxExemptionReason',
        truncate(oneLine(exemptionNote) ?? 'VAT exempt', MAX.exemptionReason),
      );
    } else if (code.exemptionCode && code.exemptionReason) {
      w.cbc(node, 'TaxExemptionReasonCode', code.exemptionCode);
      w.cbc(node, 'TaxExemptionReason', code.exemptionReason);
    }
  }
  w.cbc(w.cac(node, 'TaxScheme'), 'ID', 'VAT');
}

/** BG-22: billing's totals; what was paid before the snapshot is BT-113, and the rest is due. */
function monetaryTotal(w: UblWriter, root: XMLBuilder, document: DocumentView): void {
  const { net, gross, paid, due } = document.totals;
  const totals = w.cac(root, 'LegalMonetaryTotal');
  w.amount(totals, 'LineExtensionAmount', net, 'totals.net');
  // No document-level allowances or charges: the amount without VAT is the sum of the lines.
  w.amount(totals, 'TaxExclusiveAmount', net, 'totals.net');
  w.amount(totals, 'TaxInclusiveAmount', gross, 'totals.gross');
  if (/^-?\d+(\.\d+)?$/.test(paid) && !new Decimal(paid).isZero())
    w.amount(totals, 'PrepaidAmount', paid, 'totals.paid');
  w.amount(totals, 'PayableAmount', due, 'totals.due');
}

/** BG-25: quantity (negative on a storno) with its unit code, billing's net, item, positive price. */
function invoiceLine(w: UblWriter, root: XMLBuilder, line: DocumentLineView, index: number): void {
  const path = `lines[${index}]`;
  const node = w.cac(root, 'InvoiceLine');
  w.cbc(node, 'ID', String(index + 1));
  w.cbc(node, 'InvoicedQuantity', line.quantity, { unitCode: unitCode(line.unit) });
  w.amount(node, 'LineExtensionAmount', line.net, `${path}.net`);
  const item = w.cac(node, 'Item');
  const name = oneLine(line.name);
  if (!name) w.problem(`${path}.name`, 'a line needs a name');
  // CIUS-RO cuts item names at 100 characters (BR-RO-L100): a longer name is also given whole, up
  // to 200, as the item's description.
  if (name && codePointLength(name) > MAX.itemName)
    w.cbc(item, 'Description', truncate(name, MAX.itemDescription));
  w.cbc(item, 'Name', truncate(name ?? '', MAX.itemName));
  taxCategory(w, w.cac(item, 'ClassifiedTaxCategory'), line.vatCategory, line.vatRate);
  if (!/^\d+(\.\d+)?$/.test(line.unitPrice))
    w.problem(
      `${path}.unitPrice`,
      'a price is a non-negative decimal (BR-27): a storno negates the quantity',
    );
  w.cbc(w.cac(node, 'Price'), 'PriceAmount', line.unitPrice, { currencyID: w.currency });
}

function countryOf(address: Address): string | null {
  const code = address.country?.trim().toUpperCase();
  return code ? code : null;
}

/** Without spaces, dots, dashes and slashes, upper case: "ro 18.547.290" → "RO18547290". */
function normalizeTaxId(value: string | null | undefined): string | null {
  const cleaned = (value ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  return cleaned === '' ? null : cleaned;
}

/** A VAT number starts with its country's ISO code (Greece: EL), then at least two characters. */
function hasCountryPrefix(id: string): boolean {
  return /^[A-Z]{2}[0-9A-Z+*]{2,}$/.test(id);
}
