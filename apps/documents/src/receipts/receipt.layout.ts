import type { Address, Language, ReceiptView } from '@app/contracts';
import { amountInWords } from '@app/platform/text/amount-in-words';
import { FONT_FAMILY } from '../pdf/fonts';
import { formatDate, LABELS } from '../pdf/labels';
import type { DocDefinition } from '../pdf/pdf-engine';

/** The sentences only a receipt prints. */
interface ReceiptWords {
  receivedFrom: string;
  sum: string;
  inWords: string;
  forInvoice: (invoiceNumber: string, invoiceDate: string) => string;
  date: string;
  cashier: string;
}

const WORDS: Record<Language, ReceiptWords> = {
  ro: {
    receivedFrom: 'Am primit de la',
    sum: 'suma de',
    inWords: 'adică',
    forInvoice: (number, date) => `reprezentând contravaloarea facturii ${number} din ${date}`,
    date: 'Data',
    cashier: 'Casier',
  },
  en: {
    receivedFrom: 'Received from',
    sum: 'the sum of',
    inWords: 'that is',
    forInvoice: (number, date) => `for invoice ${number} of ${date}`,
    date: 'Date',
    cashier: 'Cashier',
  },
};

const GREY = '#666666';

/**
 * A cash receipt (chitanță): seller and buyer, the receipt's number and date, the amount in figures
 * and in words, and the invoice it pays. A pure function of the receipt, and its creation date is
 * the receipt's issue instant, so the same receipt always gives the same bytes.
 */
export function receiptLayout(receipt: ReceiptView, language: Language): DocDefinition {
  const labels = LABELS[language];
  const words = WORDS[language];
  const title = labels.title.receipt;
  const seller = receipt.seller;
  const buyer = receipt.buyer;
  // Words in the labels' language: the receipt's own `amountInWords` follows the tenant's setting.
  const spelled = amountInWords(receipt.amount, receipt.currency, language);
  const party = (heading: string, name: string, lines: string[]) => ({
    width: '*',
    stack: [
      { text: heading, bold: true, fontSize: 10, color: GREY },
      { text: name, bold: true, fontSize: 11 },
      ...lines.map((text) => ({ text })),
    ],
  });
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: {
      title: `${title} ${receipt.fullNumber}`,
      author: seller.legalName ?? '',
      subject: title,
      creator: 'invoicing documents',
      producer: 'invoicing documents (pdfmake)',
      creationDate: new Date(receipt.issuedAt),
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 10, lineHeight: 1.2 },
    content: [
      {
        columns: [
          { text: title, fontSize: 20, bold: true, width: '*' },
          {
            width: 'auto',
            alignment: 'right',
            stack: [
              { text: `${labels.number} ${receipt.fullNumber}`, fontSize: 12, bold: true },
              { text: `${words.date}: ${formatDate(receipt.date, language)}` },
            ],
          },
        ],
        margin: [0, 0, 0, 16],
      },
      {
        columns: [
          party(
            labels.seller,
            seller.legalName ?? '',
            [
              seller.vatId ? `${labels.vatId}: ${seller.vatId}` : '',
              seller.registrationNumber ? `${labels.registrationNumber}: ${seller.registrationNumber}` : '',
              ...addressLines(seller.address),
            ].filter(Boolean),
          ),
          party(
            labels.buyer,
            buyer.name,
            [
              buyer.vatId ? `${labels.vatId}: ${buyer.vatId}` : '',
              buyer.registrationNumber ? `${labels.registrationNumber}: ${buyer.registrationNumber}` : '',
              ...addressLines(buyer.address),
            ].filter(Boolean),
          ),
        ],
        columnGap: 24,
        margin: [0, 0, 0, 20],
      },
      {
        text: [
          `${words.receivedFrom} `,
          { text: buyer.name, bold: true },
          ` ${words.sum} `,
          { text: `${receipt.amount} ${receipt.currency}`, bold: true },
          `, ${words.inWords} `,
          { text: spelled, italics: true },
          `, ${words.forInvoice(receipt.invoiceNumber, formatDate(receipt.invoiceIssueDate, language))}.`,
        ],
        fontSize: 11,
        margin: [0, 0, 0, 30],
      },
      { text: words.cashier, alignment: 'right', color: GREY },
    ],
    footer: (page: number, pages: number) => ({
      text: labels.page(page, pages),
      alignment: 'center',
      color: GREY,
      fontSize: 8,
      margin: [0, 20, 0, 0],
    }),
  };
}

function addressLines(address: Address | null | undefined): string[] {
  if (!address) return [];
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  const regionLine = [address.region, address.country].filter(Boolean).join(', ');
  return [address.street, cityLine, regionLine].filter((line): line is string => !!line);
}
