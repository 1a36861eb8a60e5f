import { type Body, request, signUp, type TestTenant } from './support/api';

const PROBLEM = /^application\/problem\+json/;

/**
 * `GET /invoices/{id}/ubl` through the gateway: an issued invoice's e-invoice (CIUS-RO: a seller in
 * Cluj), a draft refused with 409, another tenant's invoice 404, and a storno referring to its
 * original.
 */
describe('invoices: UBL e-invoice', () => {
  let owner: TestTenant;
  let intruder: TestTenant;
  let contactId: string;

  const call = (method: string, path: string, body?: unknown, tenant = owner) =>
    request(method, path, { token: tenant.token, body });

  async function draftInvoice(): Promise<Body> {
    const draft = await call('POST', '/invoices', {
      contactId,
      paymentMethod: 'bank_transfer',
      lines: [
        {
          name: 'Licență anuală',
          unit: 'pcs',
          quantity: '1',
          unitPrice: '2400.00',
          vatRate: '21',
          saveToCatalogue: false,
        },
        {
          name: 'Implementare',
          unit: 'h',
          quantity: '12.5',
          unitPrice: '180.00',
          vatRate: '21',
          saveToCatalogue: false,
        },
        {
          name: 'Manual tipărit',
          unit: 'pcs',
          quantity: '3',
          unitPrice: '45.35',
          vatRate: '11',
          saveToCatalogue: false,
        },
      ],
    });
    expect(draft.status).toBe(201);
    return draft.body;
  }

  beforeAll(async () => {
    [owner, intruder] = await Promise.all([signUp(), signUp()]);
    const settings = await call('PATCH', '/settings', {
      company: {
        legalName: 'Atelierul de Software Științific SRL',
        vatId: 'RO18547290',
        registrationNumber: 'J12/1234/2015',
        address: {
          street: 'Str. Memorandumului nr. 28',
          city: 'Cluj-Napoca',
          region: 'Cluj',
          postalCode: '400114',
          country: 'RO',
        },
        bankName: 'Banca Transilvania',
        iban: 'RO49AAAA1B31007593840000',
        email: 'facturi@atelier.example',
        phone: '+40 264 000 000',
      },
    });
    expect(settings.status).toBe(200);
    const contact = await call('POST', '/contacts', {
      type: 'company',
      name: 'Mobila Moldovei SRL',
      email: 'contabilitate@mobila.example',
      vatId: 'RO31415926',
      registrationNumber: 'J22/1500/2013',
      address: {
        street: 'Str. Păcurari 121',
        city: 'Iași',
        region: 'Iași',
        postalCode: '700545',
        country: 'RO',
      },
    });
    expect(contact.status).toBe(201);
    contactId = contact.body.id;
  });

  it('serves the issued invoice as XML with its number and gross; a draft 409; another tenant 404', async () => {
    const draft = await draftInvoice();
    const refused = await call('GET', `/invoices/${draft.id}/ubl`);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(PROBLEM);

    const issued = await call('POST', `/invoices/${draft.id}/issue`, {});
    expect(issued.status).toBe(200);
    const invoice = issued.body;
    const ubl = await call('GET', `/invoices/${invoice.id}/ubl`);
    expect(ubl.status).toBe(200);
    expect(ubl.headers['content-type']).toMatch(/^application\/xml/);
    expect(ubl.headers['content-disposition']).toBe(`inline; filename="${invoice.fullNumber}.xml"`);
    const xml = ubl.body as string;
    expect(xml).toContain(`<cbc:ID>${invoice.fullNumber}</cbc:ID>`);
    expect(xml).toContain(
      `<cbc:TaxInclusiveAmount currencyID="RON">${invoice.totals.gross}</cbc:TaxInclusiveAmount>`,
    );
    expect(xml).toContain('urn:efactura.mfinante.ro:CIUS-RO');
    // Served as stored: the same bytes again.
    expect((await call('GET', `/invoices/${invoice.id}/ubl`)).body).toBe(xml);

    const foreign = await call('GET', `/invoices/${invoice.id}/ubl`, undefined, intruder);
    expect(foreign.status).toBe(404);
    expect(foreign.headers['content-type']).toMatch(PROBLEM);
  });

  it("serves a storno's XML with a BillingReference to the original invoice", async () => {
    const draft = await draftInvoice();
    const invoice = (await call('POST', `/invoices/${draft.id}/issue`, {})).body;
    const reversed = await call('POST', `/invoices/${invoice.id}/reverse`, {});
    expect(reversed.status).toBe(201);
    const storno = reversed.body;
    const ubl = await call('GET', `/invoices/${storno.id}/ubl`);
    expect(ubl.status).toBe(200);
    const xml = ubl.body as string;
    expect(xml).toMatch(
      new RegExp(
        `<cac:BillingReference>\\s*<cac:InvoiceDocumentReference>\\s*<cbc:ID>${invoice.fullNumber}</cbc:ID>\\s*` +
          `<cbc:IssueDate>${invoice.issueDate}</cbc:IssueDate>`,
      ),
    );
    expect(xml).toContain(`<cbc:PayableAmount currencyID="RON">${storno.totals.due}</cbc:PayableAmount>`);
  });
});
