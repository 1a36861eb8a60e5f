/**
 * Writes docs/samples/invoice.pdf and docs/samples/receipt.pdf with the product's own layouts and
 * renderer: a realistic Romanian invoice (ten lines at 21, 11 and 0 %, totals as billing computes
 * them) and a cash receipt for part of it. The same input always gives the same bytes.
 *
 *   node scripts/build.mjs && node dist/apps/documents/test/make-samples.js [out-dir]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentLineView, DocumentView, ReceiptView, SellerView, VatCategory } from '@app/contracts';
import { amountInWords } from '@app/platform/text/amount-in-words';
// Fixtures only: the totals exactly as billing computes them for an issued invoice.
import { computeTotals } from '../../billing/src/totals/totals';
import { documentLayout } from '../src/pdf/document.layout';
import { renderPdf } from '../src/pdf/pdf-engine';
import { receiptLayout } from '../src/receipts/receipt.layout';

const SELLER: SellerView = {
  legalName: 'Nord-Vest Soluții Informatice SRL',
  vatId: 'RO18547290',
  registrationNumber: 'J12/2874/2006',
  address: {
    street: 'Str. Memorandumului nr. 28, et. 3',
    city: 'Cluj-Napoca',
    region: 'Cluj',
    postalCode: '400114',
    country: 'RO',
  },
  bankName: 'Banca Transilvania, Sucursala Cluj',
  iban: 'RO67BTRLRONCRT0358214601',
  email: 'facturare@nordvest-solutii.ro',
  phone: '+40 264 598 210',
  vatRegistered: true,
};

const BUYER: DocumentView['buyer'] = {
  type: 'company',
  name: 'Ștefan Țărănescu SRL',
  vatId: 'RO31457826',
  registrationNumber: 'J40/11652/2013',
  email: 'contabilitate@taranescu.ro',
  address: {
    street: 'Bd. Unirii nr. 45, bl. E3, sc. 2, ap. 18',
    city: 'București',
    region: 'Sector 3',
    postalCode: '030119',
    country: 'RO',
  },
};

type LineInput = [name: string, unit: string, quantity: string, unitPrice: string, vatRate: string];

const LINES: LineInput[] = [
  ['Laptop Lenovo ThinkPad T14 Gen 5, 16 GB RAM, SSD 512 GB', 'buc', '2', '5899.00', '21'],
  ['Monitor Dell 27" P2725H', 'buc', '3', '1249.90', '21'],
  ['Licență Microsoft 365 Business Standard, 12 luni', 'buc', '5', '719.40', '21'],
  ['Instalare și configurare stații de lucru', 'ore', '6', '180.00', '21'],
  ['Suport tehnic la distanță, noiembrie 2026', 'lună', '1', '1500.00', '21'],
  ['Manual tipărit „Rețelistică pentru începători”', 'buc', '4', '89.50', '11'],
  ['Carte de specialitate „Securitate informatică aplicată”', 'buc', '2', '124.00', '11'],
  ['Cazare echipă tehnică, Hotel Țara Bârsei', 'noapte', '2', '310.00', '11'],
  ['Servicii de catering pentru sesiunea de instruire', 'pers', '12', '45.00', '11'],
  ['Transport internațional echipamente (Viena – București)', 'km', '1080', '2.15', '0'],
];

const categoryOf = (rate: string): VatCategory => (rate === '0' ? 'exempt' : 'standard');

/** The numbers below are fixed so the samples are reproducible (same bytes on every run). */
function sampleInvoice(): DocumentView {
  const totals = computeTotals(
    LINES.map(([, , quantity, unitPrice, vatRate]) => ({
      quantity,
      unitPrice,
      vatRate,
      vatCategory: categoryOf(vatRate),
    })),
  );
  const { lines: lineNets, ...documentTotals } = totals;
  const lines: DocumentLineView[] = LINES.map(([name, unit, quantity, unitPrice, vatRate], index) => ({
    id: `5a3c0000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    productId: null,
    name,
    unit,
    quantity,
    unitPrice,
    vatRate,
    vatCategory: categoryOf(vatRate),
    net: lineNets[index].net,
  }));
  return {
    id: '5a3c0000-0000-4000-8000-0000000000a1',
    kind: 'invoice',
    status: 'issued',
    name: 'Echipare birou nou – Ștefan Țărănescu SRL',
    series: 'NVS',
    number: 1187,
    fullNumber: 'NVS-1187',
    contactId: '5a3c0000-0000-4000-8000-0000000000c1',
    dealId: null,
    buyer: BUYER,
    seller: SELLER,
    issueDate: '2026-11-26',
    dueDate: '2026-12-11',
    validUntil: null,
    paymentMethod: 'cash',
    currency: 'RON',
    notes:
      'Plata se poate face în numerar, în tranșe de cel mult 5.000 lei pe zi, sau prin ordin de plată în contul de mai sus. Vă mulțumim pentru colaborare!',
    vatExemptionNote:
      'Transport internațional de bunuri: scutit cu drept de deducere, conform art. 294 alin. (1) lit. c) din Codul fiscal.',
    lines,
    totals: documentTotals,
    reversalOf: null,
    reversedBy: null,
    proformaId: null,
    invoiceId: null,
    recurrenceId: null,
    delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    viewedAt: null,
    issuedAt: '2026-11-26T09:42:00.000Z',
    createdAt: '2026-11-26T09:30:00.000Z',
    updatedAt: '2026-11-26T09:42:00.000Z',
  };
}

/** A first cash instalment on the invoice, as billing issues it (`RCP` series). */
function sampleReceipt(invoice: DocumentView): ReceiptView {
  const amount = '4500.00';
  return {
    id: '5a3c0000-0000-4000-8000-0000000000b1',
    series: 'RCP',
    number: 312,
    fullNumber: 'RCP-0312',
    invoiceId: invoice.id,
    invoiceNumber: invoice.fullNumber!,
    invoiceIssueDate: invoice.issueDate,
    paymentId: '5a3c0000-0000-4000-8000-0000000000d1',
    amount,
    currency: invoice.currency,
    date: '2026-11-27',
    amountInWords: amountInWords(amount, invoice.currency, 'ro'),
    seller: SELLER,
    buyer: BUYER,
    issuedAt: '2026-11-27T08:15:00.000Z',
  };
}

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? 'docs/samples');
  await mkdir(outDir, { recursive: true });
  const invoice = sampleInvoice();
  const receipt = sampleReceipt(invoice);
  const files: Array<[string, Buffer]> = [
    ['invoice.pdf', await renderPdf(documentLayout(invoice, SELLER, { language: 'ro', preview: false }))],
    ['receipt.pdf', await renderPdf(receiptLayout(receipt, 'ro'))],
  ];
  for (const [name, bytes] of files) {
    await writeFile(path.join(outDir, name), bytes);
    console.log(`${path.join(outDir, name)} (${bytes.length} bytes)`);
  }
  console.log(`invoice ${invoice.fullNumber}: ${invoice.totals.gross} ${invoice.currency}`);
  console.log(
    `receipt ${receipt.fullNumber}: ${receipt.amount} ${receipt.currency} (${receipt.amountInWords})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
