import type { DocumentView } from '@app/contracts';
import { DomainError } from '@app/platform';
import {
  ANONYMOUS_PERSON_ID,
  buildUblInvoice,
  CIUS_RO_CUSTOMIZATION_ID,
  EN16931_CUSTOMIZATION_ID,
  type UblInvoiceOptions,
} from './ubl-invoice.builder';
import {
  BUCHAREST_COMPANY,
  issuedInvoice,
  PERSON,
  SELLER,
  stornoOf,
  ublCases,
  type LineSpec,
} from '../../test/ubl/invoice-fixtures';
import { select, text, texts } from '../../test/ubl/xml-query';

const BUYER = 'cac:AccountingCustomerParty/cac:Party';
const SELLER_PARTY = 'cac:AccountingSupplierParty/cac:Party';
const LINE: LineSpec = { name: 'Consultanță', unit: 'h', quantity: '10', unitPrice: '150.00' };

function refusal(document: DocumentView, options: UblInvoiceOptions = {}): DomainError {
  try {
    buildUblInvoice(document, options);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the document to be refused');
}

describe('UBL invoice builder', () => {
  describe('amounts', () => {
    // The XML, the API and the PDF must show the same numbers to the cent: the builder writes
    // billing's stored amounts and never computes its own.
    it.each(ublCases().map((ublCase) => [ublCase.name, ublCase] as const))(
      '%s: carries the stored line nets, VAT breakdown and totals unchanged',
      (_name, { document, options }) => {
        const xml = buildUblInvoice(document, options);
        const totals = document.totals;
        expect(texts(xml, 'cac:InvoiceLine/cbc:LineExtensionAmount')).toEqual(
          document.lines.map((line) => line.net),
        );
        expect(texts(xml, 'cac:InvoiceLine/cac:Price/cbc:PriceAmount')).toEqual(
          document.lines.map((line) => line.unitPrice),
        );
        expect(texts(xml, 'cac:InvoiceLine/cbc:InvoicedQuantity')).toEqual(
          document.lines.map((line) => line.quantity),
        );
        expect(text(xml, 'cac:TaxTotal/cbc:TaxAmount')).toBe(totals.vat);
        expect(texts(xml, 'cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount')).toEqual(
          totals.vatBreakdown.map((group) => group.taxable),
        );
        expect(texts(xml, 'cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount')).toEqual(
          totals.vatBreakdown.map((group) => group.vat),
        );
        expect(text(xml, 'cac:LegalMonetaryTotal/cbc:LineExtensionAmount')).toBe(totals.net);
        expect(text(xml, 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount')).toBe(totals.gross);
        expect(text(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe(totals.due);
      },
    );

    it('writes VAT once per rate as billing rounded it: ten lines of 0.10 at 21 % give 0.21', () => {
      const lines = Array.from({ length: 10 }, () => ({ ...LINE, quantity: '1', unitPrice: '0.10' }));
      const xml = buildUblInvoice(issuedInvoice(lines));
      expect(text(xml, 'cac:TaxTotal/cbc:TaxAmount')).toBe('0.21');
    });

    it('writes what was paid before the snapshot as prepaid, and the rest as payable', () => {
      const document = issuedInvoice([LINE]);
      const paid = { ...document, totals: { ...document.totals, paid: '1000.00', due: '815.00' } };
      const xml = buildUblInvoice(paid);
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:PrepaidAmount')).toBe('1000.00');
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('815.00');
    });

    it('refuses an amount with more than 2 decimals rather than round it differently', () => {
      const document = issuedInvoice([LINE]);
      const broken = { ...document, totals: { ...document.totals, vat: '315.005' } };
      expect(refusal(broken).errors).toEqual([{ path: 'totals.vat', message: expect.any(String) }]);
    });
  });

  describe('header and profile', () => {
    it('is a CIUS-RO invoice, type 380, with the number, dates and currency', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE]));
      expect(text(xml, 'cbc:CustomizationID')).toBe(CIUS_RO_CUSTOMIZATION_ID);
      expect(text(xml, 'cbc:InvoiceTypeCode')).toBe('380');
      expect(text(xml, 'cbc:ID')).toBe('INV-0042');
      expect(text(xml, 'cbc:IssueDate')).toBe('2026-11-26');
      expect(text(xml, 'cbc:DueDate')).toBe('2026-12-10');
      expect(text(xml, 'cbc:DocumentCurrencyCode')).toBe('RON');
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    });

    it('is plain EN 16931 for a seller outside Romania', () => {
      const address = {
        street: 'Königstraße 1',
        city: 'Berlin',
        region: null,
        postalCode: '10178',
        country: 'DE',
      };
      const seller = { ...SELLER, vatId: 'DE811569869', address };
      const xml = buildUblInvoice(issuedInvoice([LINE], { seller }));
      expect(text(xml, 'cbc:CustomizationID')).toBe(EN16931_CUSTOMIZATION_ID);
      expect(text(xml, `${SELLER_PARTY}/cac:PostalAddress/cbc:CityName`)).toBe('Berlin');
      expect(select(xml, `${SELLER_PARTY}/cac:PostalAddress/cbc:CountrySubentity`)).toHaveLength(0);
    });

    it('refuses a draft, a proforma and an offer: only issued invoices are fiscal', () => {
      const invoice = issuedInvoice([LINE]);
      expect(refusal({ ...invoice, status: 'draft', fullNumber: null, seller: null }).code).toBe(
        'UNPROCESSABLE',
      );
      expect(refusal({ ...invoice, kind: 'proforma' }).errors?.[0].path).toBe('kind');
      expect(refusal({ ...invoice, kind: 'offer' }).errors?.[0].path).toBe('kind');
    });

    it('needs the VAT total in RON for a Romanian invoice in another currency (BR-RO-030)', () => {
      const document = issuedInvoice([LINE], { currency: 'EUR', buyer: BUCHAREST_COMPANY });
      expect(refusal(document).errors?.map((problem) => problem.path)).toEqual(['vatInRon']);
      const xml = buildUblInvoice(document, { vatInRon: '1567.35' });
      expect(text(xml, 'cbc:TaxCurrencyCode')).toBe('RON');
      expect(select(xml, 'cac:TaxTotal')).toHaveLength(2);
      expect(texts(xml, 'cac:TaxTotal/cbc:TaxAmount')).toEqual(['315.00', '1567.35']);
      expect(select(xml, 'cac:TaxTotal/cbc:TaxAmount')[1].getAttribute('currencyID')).toBe('RON');
    });

    it('refuses an amount due without a due date (BR-CO-25), and a storno may have none', () => {
      expect(refusal(issuedInvoice([LINE], { dueDate: null })).errors?.[0].path).toBe('dueDate');
      const { storno, reverses } = stornoOf(issuedInvoice([LINE]));
      expect(() => buildUblInvoice({ ...storno, dueDate: null }, { reverses })).not.toThrow();
    });

    it('splits long notes into CIUS-RO notes of at most 300 characters', () => {
      const notes = 'Mulțumim pentru colaborare. '.repeat(40);
      const xml = buildUblInvoice(issuedInvoice([LINE], { notes }));
      const written = texts(xml, 'cbc:Note');
      expect(written.length).toBeGreaterThan(1);
      for (const note of written) expect(Array.from(note).length).toBeLessThanOrEqual(300);
      expect(written.join(' ')).toBe(notes.trim());
    });
  });

  describe('storno', () => {
    const original = issuedInvoice([
      LINE,
      { ...LINE, name: 'Carte', unit: 'pcs', quantity: '2', vatRate: '11' },
    ]);
    const { storno, reverses } = stornoOf(original);

    it('is a 380 with negative quantities and amounts, positive prices, and the original referenced', () => {
      const xml = buildUblInvoice(storno, { reverses });
      expect(text(xml, 'cbc:InvoiceTypeCode')).toBe('380');
      expect(texts(xml, 'cac:InvoiceLine/cbc:InvoicedQuantity')).toEqual(['-10', '-2']);
      expect(texts(xml, 'cac:InvoiceLine/cac:Price/cbc:PriceAmount')).toEqual(['150.00', '150.00']);
      expect(text(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe(`-${original.totals.gross}`);
      expect(text(xml, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe('INV-0042');
      expect(text(xml, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe(
        original.issueDate,
      );
    });

    it('is refused without the number and date of the invoice it reverses', () => {
      expect(refusal(storno).errors).toEqual([{ path: 'reversalOf', message: expect.any(String) }]);
    });
  });

  describe('parties', () => {
    it('writes a VAT-registered seller with its VAT id, legal name, registration number and IBAN', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE]));
      expect(text(xml, `${SELLER_PARTY}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('RO18547290');
      expect(text(xml, `${SELLER_PARTY}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID`)).toBe('VAT');
      expect(text(xml, `${SELLER_PARTY}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe(SELLER.legalName);
      expect(text(xml, `${SELLER_PARTY}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe('J40/12345/2015');
      expect(text(xml, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID')).toBe('RO49AAAA1B31007593840000');
    });

    it('prefixes the country to a VAT id typed without it (BR-CO-09)', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE], { seller: { ...SELLER, vatId: '18 547 290' } }));
      expect(text(xml, `${SELLER_PARTY}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('RO18547290');
    });

    it('writes a seller not registered for VAT with its CUI as tax registration id and E with the note', () => {
      const seller = { ...SELLER, vatId: '18547290', vatRegistered: false };
      const lines = [{ ...LINE, vatRate: '0', vatCategory: 'exempt' as const }];
      const xml = buildUblInvoice(
        issuedInvoice(lines, { seller, vatExemptionNote: 'Scutit de TVA, art. 310' }),
      );
      expect(text(xml, `${SELLER_PARTY}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('18547290');
      expect(text(xml, `${SELLER_PARTY}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID`)).toBe('TAX');
      const category = 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory';
      expect(text(xml, `${category}/cbc:ID`)).toBe('E');
      expect(text(xml, `${category}/cbc:Percent`)).toBe('0');
      expect(text(xml, `${category}/cbc:TaxExemptionReason`)).toBe('Scutit de TVA, art. 310');
      // The reason belongs to the breakdown only.
      expect(
        select(xml, 'cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:TaxExemptionReason'),
      ).toHaveLength(0);
    });

    it('cuts an exemption note to the 100 characters CIUS-RO allows', () => {
      const lines = [{ ...LINE, vatRate: '0', vatCategory: 'exempt' as const }];
      const xml = buildUblInvoice(issuedInvoice(lines, { vatExemptionNote: 'Scutit de TVA. '.repeat(20) }));
      const reason = text(xml, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason');
      expect(Array.from(reason)).toHaveLength(100);
      expect(reason.endsWith('…')).toBe(true);
    });

    it('writes a company buyer with its VAT number (BT-48) and trade register number (BT-47)', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE]));
      expect(text(xml, `${BUYER}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('RO14399840');
      expect(text(xml, `${BUYER}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe('J40/8805/2002');
    });

    it('writes the CUI of a company buyer not registered for VAT as its legal id (BT-47), not BT-48', () => {
      const buyer = { ...BUCHAREST_COMPANY, vatId: '14399840' };
      const xml = buildUblInvoice(issuedInvoice([LINE], { buyer }));
      expect(select(xml, `${BUYER}/cac:PartyTaxScheme`)).toHaveLength(0);
      expect(text(xml, `${BUYER}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe('14399840');
    });

    it('identifies a person who gave no CNP by 13 zeros, and one who did by the CNP', () => {
      const anonymous = buildUblInvoice(issuedInvoice([LINE], { buyer: PERSON }));
      expect(select(anonymous, `${BUYER}/cac:PartyTaxScheme`)).toHaveLength(0);
      expect(text(anonymous, `${BUYER}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe(ANONYMOUS_PERSON_ID);
      expect(text(anonymous, `${BUYER}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe('Ștefan Țărănescu');

      const withCnp = buildUblInvoice(
        issuedInvoice([LINE], { buyer: { ...PERSON, vatId: '1850515123456' } }),
      );
      expect(text(withCnp, `${BUYER}/cac:PartyLegalEntity/cbc:CompanyID`)).toBe('1850515123456');
    });

    it('refuses a Romanian company buyer with no identifier at all (BR-RO-120)', () => {
      const buyer = { ...BUCHAREST_COMPANY, vatId: null, registrationNumber: null };
      expect(refusal(issuedInvoice([LINE], { buyer })).errors?.map((problem) => problem.path)).toEqual([
        'buyer.vatId',
      ]);
    });
  });

  describe('addresses', () => {
    it('codes a Bucharest city as its sector and the county as RO-B', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE]));
      expect(text(xml, `${BUYER}/cac:PostalAddress/cbc:CityName`)).toBe('SECTOR3');
      expect(text(xml, `${BUYER}/cac:PostalAddress/cbc:CountrySubentity`)).toBe('RO-B');
      expect(text(xml, `${SELLER_PARTY}/cac:PostalAddress/cbc:CountrySubentity`)).toBe('RO-CJ');
      expect(text(xml, `${SELLER_PARTY}/cac:PostalAddress/cbc:CityName`)).toBe('Cluj-Napoca');
    });

    it('refuses a Bucharest address with no sector anywhere, and a Romanian one with no county', () => {
      const noSector = {
        ...BUCHAREST_COMPANY,
        address: { ...BUCHAREST_COMPANY.address, region: 'București', postalCode: null },
      };
      const noCounty = {
        ...BUCHAREST_COMPANY,
        address: { ...BUCHAREST_COMPANY.address, city: 'Florești', region: null },
      };
      expect(refusal(issuedInvoice([LINE], { buyer: noSector })).errors?.[0].path).toBe('buyer.address.city');
      expect(refusal(issuedInvoice([LINE], { buyer: noCounty })).errors?.[0].path).toBe(
        'buyer.address.region',
      );
    });

    it('continues a street longer than 150 characters in the second and third address lines', () => {
      const street = `Calea Victoriei nr. 155, ${'bloc D1, scara 3, etaj 7, apartament 91, interfon 91C, '.repeat(5)}`;
      const buyer = { ...BUCHAREST_COMPANY, address: { ...BUCHAREST_COMPANY.address, street } };
      const xml = buildUblInvoice(issuedInvoice([LINE], { buyer }));
      const address = `${BUYER}/cac:PostalAddress`;
      const line1 = text(xml, `${address}/cbc:StreetName`);
      const line2 = text(xml, `${address}/cbc:AdditionalStreetName`);
      const line3 = text(xml, `${address}/cac:AddressLine/cbc:Line`);
      expect(Array.from(line1).length).toBeLessThanOrEqual(150);
      expect(Array.from(line2).length).toBeLessThanOrEqual(100);
      expect(Array.from(line3).length).toBeLessThanOrEqual(100);
      expect(`${line1} ${line2} ${line3}`).toBe(street.trim());
    });
  });

  describe('lines', () => {
    it('cuts an item name at 100 characters and gives it whole as the description', () => {
      const name = `Servicii de mentenanță ${'și dezvoltare '.repeat(10)}pentru sistemul ERP`;
      const xml = buildUblInvoice(issuedInvoice([{ ...LINE, name }]));
      const written = text(xml, 'cac:InvoiceLine/cac:Item/cbc:Name');
      expect(Array.from(written)).toHaveLength(100);
      expect(text(xml, 'cac:InvoiceLine/cac:Item/cbc:Description')).toBe(name);
    });

    it('keeps Romanian diacritics and escapes markup characters', () => {
      const name = 'Țesături „Ș&Ț” <premium> ăâî';
      const xml = buildUblInvoice(issuedInvoice([{ ...LINE, name }]));
      expect(xml).toContain('Țesături „Ș&amp;Ț” &lt;premium&gt; ăâî');
      expect(text(xml, 'cac:InvoiceLine/cac:Item/cbc:Name')).toBe(name);
    });

    it('drops control characters that XML cannot carry', () => {
      const xml = buildUblInvoice(issuedInvoice([{ ...LINE, name: 'Bell\u0007 and\u0000 nul' }]));
      expect(text(xml, 'cac:InvoiceLine/cac:Item/cbc:Name')).toBe('Bell and nul');
    });

    it('writes the unit code and the category and rate of each line', () => {
      const xml = buildUblInvoice(
        issuedInvoice([
          { ...LINE, unit: 'pcs', vatRate: '21' },
          { ...LINE, unit: 'kg', vatRate: '11' },
          { ...LINE, unit: 'm', vatRate: '0', vatCategory: 'zero' },
        ]),
      );
      expect(
        select(xml, 'cac:InvoiceLine/cbc:InvoicedQuantity').map((node) => node.getAttribute('unitCode')),
      ).toEqual(['H87', 'KGM', 'MTR']);
      expect(texts(xml, 'cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID')).toEqual([
        'S',
        'S',
        'Z',
      ]);
      expect(texts(xml, 'cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent')).toEqual([
        '21',
        '11',
        '0',
      ]);
    });

    it('writes 500 lines numbered 1 to 500', () => {
      const lines = Array.from({ length: 500 }, (_, index) => ({ ...LINE, name: `Piesa ${index + 1}` }));
      const xml = buildUblInvoice(issuedInvoice(lines));
      const ids = texts(xml, 'cac:InvoiceLine/cbc:ID');
      expect(ids).toHaveLength(500);
      expect(ids[0]).toBe('1');
      expect(ids[499]).toBe('500');
    });

    it('refuses to mix lines outside the scope of VAT with other categories (BR-O-11)', () => {
      const lines = [LINE, { ...LINE, vatRate: '0', vatCategory: 'outside_scope' as const }];
      expect(refusal(issuedInvoice(lines)).errors?.[0].path).toBe('lines');
    });
  });

  describe('payment means', () => {
    it.each([
      ['bank_transfer', '30'],
      ['cash', '10'],
      ['card', '48'],
      ['other', '1'],
    ] as const)('writes %s as code %s', (paymentMethod, code) => {
      const xml = buildUblInvoice(issuedInvoice([LINE], { paymentMethod }));
      expect(text(xml, 'cac:PaymentMeans/cbc:PaymentMeansCode')).toBe(code);
      expect(text(xml, 'cac:PaymentMeans/cbc:PaymentID')).toBe('INV-0042');
      expect(select(xml, 'cac:PaymentMeans/cac:PayeeFinancialAccount')).toHaveLength(code === '30' ? 1 : 0);
    });

    it('writes a bank transfer without a known IBAN as 42, which needs no account (BR-61)', () => {
      const xml = buildUblInvoice(issuedInvoice([LINE], { seller: { ...SELLER, iban: null } }));
      expect(text(xml, 'cac:PaymentMeans/cbc:PaymentMeansCode')).toBe('42');
      expect(select(xml, 'cac:PaymentMeans/cac:PayeeFinancialAccount')).toHaveLength(0);
    });
  });
});
