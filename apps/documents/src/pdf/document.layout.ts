import type { Address, DocumentView, Language, SellerView } from '@app/contracts';
import type { DocDefinition } from './pdf-engine';
import { FONT_FAMILY } from './fonts';
import { formatDate, LABELS, type Labels, printedKind } from './labels';

export interface LayoutOptions {
  /**
   * Labels' language. The document carries none yet (the tenant's `language` setting lives in
   * billing and is not in DocumentView), so callers pass 'ro' until it does.
   */
  language: Language;
  /** A draft or preview: DRAFT watermark and no number. */
  preview: boolean;
}

/** Fixed instant printed as the creation date of previews, so a preview is reproducible too. */
export const PREVIEW_CREATION_DATE = new Date('2000-01-01T00:00:00.000Z');

const GREY = '#666666';
const LINE_GREY = '#bbbbbb';

type Node = Record<string, unknown>;

/**
 * The one look of every document (invoice, proforma, offer, storno): a pure function of the
 * document, its seller and the options, so the same document always gives the same definition and,
 * with the fixed metadata, the same bytes. Amounts are printed exactly as billing computed them.
 */
export function documentLayout(
  document: DocumentView,
  seller: SellerView,
  options: LayoutOptions,
): DocDefinition {
  const labels = LABELS[options.language];
  const kind = printedKind(document);
  const title = labels.title[kind];
  const number = options.preview ? null : document.fullNumber;
  const money = (amount: string) => `${amount} ${document.currency}`;

  const content: unknown[] = [
    {
      columns: [
        { text: title, style: 'title', width: '*' },
        {
          width: 'auto',
          stack: [
            number
              ? { text: `${labels.number} ${number}`, style: 'number' }
              : { text: labels.draft, style: 'number' },
            ...dateLines(document, labels, options.language),
          ],
          alignment: 'right',
        },
      ],
      margin: [0, 0, 0, 16],
    },
    {
      columns: [
        partyBlock(labels.seller, seller.legalName ?? '', sellerLines(seller, labels)),
        partyBlock(labels.buyer, document.buyer.name, buyerLines(document, labels)),
      ],
      columnGap: 24,
      margin: [0, 0, 0, 12],
    },
    paymentBlock(document, seller, labels),
    linesTable(document, labels),
    {
      columns: [
        { width: '*', stack: vatBlock(document, labels) },
        { width: 220, stack: [totalsTable(document, labels, money)] },
      ],
      columnGap: 24,
      margin: [0, 12, 0, 0],
    },
  ];
  if (document.notes)
    content.push({ text: labels.notes, style: 'heading', margin: [0, 16, 0, 2] }, { text: document.notes });

  const definition: DocDefinition = {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: {
      title: number ? `${title} ${number}` : `${title} (${labels.draft})`,
      author: seller.legalName ?? '',
      subject: title,
      creator: 'invoicing documents',
      producer: 'invoicing documents (pdfmake)',
      creationDate: creationDate(document, options.preview),
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 9, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 20, bold: true },
      number: { fontSize: 12, bold: true },
      heading: { fontSize: 10, bold: true },
      muted: { color: GREY },
      tableHeader: { bold: true, fillColor: '#eeeeee' },
      total: { bold: true, fontSize: 11 },
    },
    content,
    footer: (page: number, pages: number) => ({
      text: labels.page(page, pages),
      alignment: 'center',
      style: 'muted',
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
  };
  if (options.preview)
    definition.watermark = { text: labels.draft, color: '#c00000', opacity: 0.15, bold: true, fontSize: 110 };
  return definition;
}

/** The issue instant for issued documents; a fixed one for previews (their content may change). */
function creationDate(document: DocumentView, preview: boolean): Date {
  if (preview || !document.issuedAt) return PREVIEW_CREATION_DATE;
  return new Date(document.issuedAt);
}

function dateLines(document: DocumentView, labels: Labels, language: Language): Node[] {
  const lines = [{ text: `${labels.issueDate}: ${formatDate(document.issueDate, language)}` }];
  if (document.kind === 'offer') {
    if (document.validUntil)
      lines.push({ text: `${labels.validUntil}: ${formatDate(document.validUntil, language)}` });
  } else if (document.dueDate)
    lines.push({ text: `${labels.dueDate}: ${formatDate(document.dueDate, language)}` });
  return lines;
}

function addressLines(address: Address | null | undefined): string[] {
  if (!address) return [];
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  const regionLine = [address.region, address.country].filter(Boolean).join(', ');
  return [address.street, cityLine, regionLine].filter((line): line is string => !!line);
}

function sellerLines(seller: SellerView, labels: Labels): string[] {
  return [
    seller.vatId ? `${labels.vatId}: ${seller.vatId}` : '',
    seller.registrationNumber ? `${labels.registrationNumber}: ${seller.registrationNumber}` : '',
    ...addressLines(seller.address),
    seller.email ? `${labels.email}: ${seller.email}` : '',
    seller.phone ? `${labels.phone}: ${seller.phone}` : '',
  ].filter(Boolean);
}

function buyerLines(document: DocumentView, labels: Labels): string[] {
  const buyer = document.buyer;
  return [
    buyer.vatId ? `${labels.vatId}: ${buyer.vatId}` : '',
    buyer.registrationNumber ? `${labels.registrationNumber}: ${buyer.registrationNumber}` : '',
    ...addressLines(buyer.address),
    buyer.email ? `${labels.email}: ${buyer.email}` : '',
  ].filter(Boolean);
}

function partyBlock(heading: string, name: string, lines: string[]): Node {
  return {
    width: '*',
    stack: [
      { text: heading, style: ['heading', 'muted'] },
      { text: name, bold: true, fontSize: 11 },
      ...lines.map((line) => ({ text: line })),
    ],
  };
}

function paymentBlock(document: DocumentView, seller: SellerView, labels: Labels): Node {
  const parts = [`${labels.paymentMethod}: ${labels.paymentMethods[document.paymentMethod]}`];
  if (seller.iban) parts.push(`${labels.iban}: ${seller.iban}`);
  if (seller.bankName) parts.push(`${labels.bank}: ${seller.bankName}`);
  return { text: parts.join('   ·   '), margin: [0, 0, 0, 10] };
}

function linesTable(document: DocumentView, labels: Labels): Node {
  const c = labels.columns;
  const header = [c.no, c.name, c.unit, c.quantity, c.unitPrice, c.vat, c.net].map((text, index) => ({
    text,
    style: 'tableHeader',
    alignment: index >= 3 ? 'right' : 'left',
  }));
  const rows = document.lines.map((line, index) => [
    { text: String(index + 1) },
    { text: line.name ?? '' },
    { text: line.unit ?? '' },
    { text: line.quantity, alignment: 'right' },
    { text: line.unitPrice, alignment: 'right' },
    { text: line.vatRate, alignment: 'right' },
    { text: line.net, alignment: 'right' },
  ]);
  return {
    table: { headerRows: 1, widths: [22, '*', 34, 50, 60, 36, 70], body: [header, ...rows] },
    layout: {
      hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => LINE_GREY,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

function vatBlock(document: DocumentView, labels: Labels): Node[] {
  const breakdown = document.totals.vatBreakdown;
  const blocks: Node[] = [];
  if (breakdown.length > 0) {
    blocks.push({ text: labels.vatBreakdown, style: 'heading', margin: [0, 0, 0, 4] });
    blocks.push({
      table: {
        headerRows: 1,
        widths: ['*', 'auto', 'auto'],
        body: [
          [
            { text: labels.vatRate, style: 'tableHeader' },
            { text: labels.taxable, style: 'tableHeader', alignment: 'right' },
            { text: labels.vatAmount, style: 'tableHeader', alignment: 'right' },
          ],
          ...breakdown.map((row) => [
            { text: `${row.rate}% (${labels.vatCategories[row.category]})` },
            { text: row.taxable, alignment: 'right' },
            { text: row.vat, alignment: 'right' },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    });
  }
  if (document.vatExemptionNote)
    blocks.push({ text: document.vatExemptionNote, italics: true, margin: [0, 6, 0, 0] });
  return blocks;
}

function totalsTable(document: DocumentView, labels: Labels, money: (amount: string) => string): Node {
  const t = document.totals;
  const row = (label: string, amount: string, style?: string) => [
    { text: label, style },
    { text: money(amount), alignment: 'right', style },
  ];
  return {
    table: {
      widths: ['*', 'auto'],
      body: [
        row(labels.totalNet, t.net),
        row(labels.totalVat, t.vat),
        row(labels.total, t.gross, 'total'),
        row(labels.paid, t.paid),
        row(labels.due, t.due, 'total'),
      ],
    },
    layout: 'noBorders',
  };
}
