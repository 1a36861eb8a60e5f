import { sampleDocument, SAMPLE_SELLER } from '../../test/sample-document';
import { documentLayout, PREVIEW_CREATION_DATE } from './document.layout';

/** Every text a definition would print, in order (strings and `text` fields, nested). */
function texts(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    return [
      ...(typeof object.text === 'string' ? [object.text] : []),
      ...['columns', 'stack', 'table', 'body', 'content'].flatMap((key) => texts(object[key])),
    ];
  }
  return [];
}

type Table = { table: { body: { text: string }[][]; headerRows: number } };

function linesTable(definition: Record<string, unknown>): Table['table'] {
  const table = (definition.content as unknown[]).find(
    (node) => (node as Table).table?.body?.[0]?.length === 7,
  ) as Table;
  return table.table;
}

const issued = { language: 'en', preview: false } as const;

describe('document layout', () => {
  it.each([
    [{ kind: 'invoice' as const }, 'Invoice', 'Factură'],
    [{ kind: 'proforma' as const }, 'Proforma invoice', 'Factură proformă'],
    [{ kind: 'offer' as const }, 'Offer', 'Ofertă'],
    [
      { kind: 'invoice' as const, reversalOf: '2f0f1d4e-8a0a-4c1e-9f51-1a1c2b3d4e5f' },
      'Storno invoice',
      'Factură storno',
    ],
  ])('titles a %o by its kind in English and Romanian', (overrides, english, romanian) => {
    const document = sampleDocument(overrides);
    expect(texts(documentLayout(document, SAMPLE_SELLER, issued).content)[0]).toBe(english);
    expect(
      texts(documentLayout(document, SAMPLE_SELLER, { language: 'ro', preview: false }).content)[0],
    ).toBe(romanian);
  });

  it('prints the full number, dates, both parties and bank details of an issued document', () => {
    const all = texts(documentLayout(sampleDocument(), SAMPLE_SELLER, issued).content).join('\n');
    expect(all).toContain('No. INV-0042');
    expect(all).toContain('Issue date: 2026-11-26');
    expect(all).toContain('Due date: 2026-12-10');
    expect(all).toContain('Ștefan Țărănescu SRL');
    expect(all).toContain(SAMPLE_SELLER.legalName);
    expect(all).toContain('IBAN: RO49AAAA1B31007593840000');
    expect(all).toContain('Bank: Banca Transilvania');
    expect(all).toContain('Payment method: Bank transfer');
  });

  it('prints the validity date of an offer instead of a due date', () => {
    const offer = sampleDocument({ kind: 'offer', dueDate: null, validUntil: '2026-12-31' });
    const all = texts(documentLayout(offer, SAMPLE_SELLER, { language: 'ro', preview: false }).content);
    expect(all).toContain('Valabilă până la: 31.12.2026');
    expect(all.join('\n')).not.toContain('scadenței');
  });

  it('marks a draft with a DRAFT watermark and prints no number', () => {
    const draft = sampleDocument({
      status: 'draft',
      series: null,
      number: null,
      fullNumber: null,
      issuedAt: null,
    });
    const definition = documentLayout(draft, SAMPLE_SELLER, { language: 'ro', preview: true });
    expect(definition.watermark).toMatchObject({ text: 'DRAFT' });
    const all = texts(definition.content).join('\n');
    expect(all).not.toMatch(/^Nr\. (?!Reg)/m); // no number line ("Nr. Reg. Com." is the buyer's)
    expect(all).toContain('DRAFT');
    expect(definition.info).toMatchObject({ creationDate: PREVIEW_CREATION_DATE });
  });

  it('never prints the number on a preview, even of a numbered document', () => {
    const definition = documentLayout(sampleDocument(), SAMPLE_SELLER, { language: 'en', preview: true });
    expect(texts(definition.content).join('\n')).not.toContain('INV-0042');
  });

  it('numbers the lines from 1 under a repeated header row', () => {
    const table = linesTable(documentLayout(sampleDocument({}, 12), SAMPLE_SELLER, issued));
    expect(table.headerRows).toBe(1);
    expect(table.body[0].map((cell) => cell.text)).toEqual([
      'No.',
      'Description',
      'Unit',
      'Qty',
      'Unit price',
      'VAT %',
      'Net',
    ]);
    expect(table.body.slice(1).map((row) => row[0].text)).toEqual(
      Array.from({ length: 12 }, (_, index) => String(index + 1)),
    );
  });

  it('shows the totals and VAT breakdown exactly as the document carries them', () => {
    const document = sampleDocument({
      totals: {
        net: '1234.50',
        vat: '259.25',
        gross: '1493.75',
        paid: '493.75',
        due: '1000.00',
        vatBreakdown: [
          { rate: '21', category: 'standard', taxable: '1134.50', vat: '238.25' },
          { rate: '11', category: 'standard', taxable: '100.00', vat: '11.00' },
        ],
      },
    });
    const all = texts(documentLayout(document, SAMPLE_SELLER, issued).content);
    for (const shown of ['1234.50 RON', '259.25 RON', '1493.75 RON', '493.75 RON', '1000.00 RON'])
      expect(all).toContain(shown);
    expect(all).toEqual(
      expect.arrayContaining(['21% (standard)', '1134.50', '238.25', '11% (standard)', '11.00']),
    );
  });

  it('prints the notes and the VAT exemption note', () => {
    const document = sampleDocument({
      notes: 'Plata în 14 zile.',
      vatExemptionNote: 'Scutit de TVA (art. 310)',
    });
    const all = texts(documentLayout(document, SAMPLE_SELLER, { language: 'ro', preview: false }).content);
    expect(all).toEqual(
      expect.arrayContaining(['Mențiuni', 'Plata în 14 zile.', 'Scutit de TVA (art. 310)']),
    );
  });

  it('numbers the pages in the footer and fixes the metadata to the issue instant', () => {
    const definition = documentLayout(sampleDocument(), SAMPLE_SELLER, { language: 'ro', preview: false });
    const footer = definition.footer as (page: number, pages: number) => { text: string };
    expect(footer(2, 5).text).toBe('Pagina 2 din 5');
    expect(definition.pageSize).toBe('A4');
    expect(definition.info).toMatchObject({
      creationDate: new Date('2026-11-26T10:15:00.000Z'),
      producer: 'invoicing documents (pdfmake)',
    });
  });
});
