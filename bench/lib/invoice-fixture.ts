import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentLineView, DocumentView, SellerView } from '@app/contracts';

/** The seller of the `pdf` bench's invoices, as billing freezes it into an issued invoice. */
export const BENCH_SELLER: SellerView = {
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

const WORDS = ['analiză', 'proiectare', 'implementare', 'testare', 'documentație', 'instruire', 'suport'];

function line(index: number): DocumentLineView {
  const quantity = 1 + (index % 7);
  const price = 100 + (index % 13) * 7;
  return {
    id: randomUUID(),
    productId: null,
    name: `Servicii de dezvoltare și mentenanță, modulul ${index + 1} (${WORDS[index % WORDS.length]})`,
    unit: 'h',
    quantity: String(quantity),
    unitPrice: `${price}.50`,
    vatRate: '21',
    vatCategory: 'standard',
    net: (quantity * (price + 0.5)).toFixed(2),
  };
}

/** An issued invoice with `lines` lines (10 fill one A4 page, 200 about five), Romanian text. */
export function benchInvoice(lines: number): DocumentView {
  const rows = Array.from({ length: lines }, (_, i) => line(i));
  const net = rows.reduce((sum, row) => sum + Math.round(Number(row.net) * 100), 0);
  const vat = Math.round(net * 0.21);
  const money = (cents: number) => (cents / 100).toFixed(2);
  return {
    id: randomUUID(),
    kind: 'invoice',
    status: 'issued',
    name: 'Factură – Ștefan Țărănescu SRL – 2026-11-26',
    series: 'INV',
    number: 42,
    fullNumber: 'INV-0042',
    contactId: randomUUID(),
    dealId: null,
    buyer: {
      type: 'company',
      name: 'Ștefan Țărănescu SRL',
      vatId: 'RO14399840',
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
    seller: BENCH_SELLER,
    issueDate: '2026-11-26',
    dueDate: '2026-12-10',
    validUntil: null,
    paymentMethod: 'bank_transfer',
    currency: 'RON',
    notes: 'Vă mulțumim! Plata în 14 zile.',
    vatExemptionNote: null,
    lines: rows,
    totals: {
      net: money(net),
      vat: money(vat),
      gross: money(net + vat),
      paid: '0.00',
      due: money(net + vat),
      vatBreakdown: [{ rate: '21', category: 'standard', taxable: money(net), vat: money(vat) }],
    },
    reversalOf: null,
    reversedBy: null,
    proformaId: null,
    invoiceId: null,
    recurrenceId: null,
    delivery: { status: 'not_sent', to: null, sentAt: null, error: null },
    viewedAt: null,
    issuedAt: '2026-11-26T10:00:00.000Z',
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
  };
}

const escape = (text: string | null | undefined) =>
  (text ?? '').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c as '&' | '<' | '>' | '"'],
  );

/**
 * The same invoice as one HTML page, as HTML-to-PDF invoicing products print it: the same texts,
 * table and totals, in the same embedded font (Roboto from `fontDir`, regular and medium).
 */
export function invoiceHtml(document: DocumentView, seller: SellerView, fontDir: string): string {
  const font = (file: string) => pathToFileURL(path.join(fontDir, file)).href;
  const address = (a: DocumentView['buyer']['address']) =>
    a
      ? [
          a.street,
          [a.postalCode, a.city].filter(Boolean).join(' '),
          [a.region, a.country].filter(Boolean).join(', '),
        ]
          .filter(Boolean)
          .map((l) => `<div>${escape(l)}</div>`)
          .join('')
      : '';
  const t = document.totals;
  const rows = document.lines
    .map(
      (l, i) =>
        `<tr><td>${i + 1}</td><td>${escape(l.name)}</td><td>${escape(l.unit)}</td><td class="r">${l.quantity}</td><td class="r">${l.unitPrice}</td><td class="r">${l.vatRate}</td><td class="r">${l.net}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="ro"><head><meta charset="utf-8"><title>Factura ${escape(document.fullNumber)}</title>
<style>
@font-face { font-family: Roboto; font-weight: 400; src: url('${font('Roboto-Regular.ttf')}'); }
@font-face { font-family: Roboto; font-weight: 700; src: url('${font('Roboto-Medium.ttf')}'); }
@page { size: A4; margin: 40px 40px 50px 40px; }
body { font-family: Roboto; font-size: 9pt; line-height: 1.15; margin: 0; }
.head { display: flex; justify-content: space-between; margin-bottom: 16px; }
.title { font-size: 20pt; font-weight: 700; } .number { font-size: 12pt; font-weight: 700; text-align: right; }
.parties { display: flex; gap: 24px; margin-bottom: 12px; } .parties > div { flex: 1; }
.muted { color: #666; } .name { font-weight: 700; font-size: 11pt; }
table { width: 100%; border-collapse: collapse; } th { background: #eee; text-align: left; }
td, th { padding: 3px 2px; border-bottom: 0.3px solid #bbb; } .r { text-align: right; }
thead { display: table-header-group; } tr { break-inside: avoid; }
.totals { display: flex; gap: 24px; margin-top: 12px; } .totals > div:first-child { flex: 1; }
.totals table { width: 220px; } .totals td { border: 0; } .total { font-weight: 700; font-size: 11pt; }
</style></head><body>
<div class="head"><div class="title">Factură</div><div class="number">Nr. ${escape(document.fullNumber)}<div style="font-size:9pt;font-weight:400">Data emiterii: 26.11.2026<br>Scadența: 10.12.2026</div></div></div>
<div class="parties"><div><div class="muted">Furnizor</div><div class="name">${escape(seller.legalName)}</div><div>CIF: ${escape(seller.vatId)}</div><div>Nr. Reg. Com.: ${escape(seller.registrationNumber)}</div>${address(seller.address)}<div>E-mail: ${escape(seller.email)}</div><div>Telefon: ${escape(seller.phone)}</div></div>
<div><div class="muted">Client</div><div class="name">${escape(document.buyer.name)}</div><div>CIF: ${escape(document.buyer.vatId)}</div><div>Nr. Reg. Com.: ${escape(document.buyer.registrationNumber)}</div>${address(document.buyer.address)}<div>E-mail: ${escape(document.buyer.email)}</div></div></div>
<p>Modalitate de plată: Transfer bancar &nbsp; · &nbsp; IBAN: ${escape(seller.iban)} &nbsp; · &nbsp; Banca: ${escape(seller.bankName)}</p>
<table><thead><tr><th>Nr.</th><th>Denumire</th><th>U.M.</th><th class="r">Cant.</th><th class="r">Preț unitar</th><th class="r">TVA %</th><th class="r">Valoare</th></tr></thead><tbody>${rows}</tbody></table>
<div class="totals"><div><b>Defalcare TVA</b><table><tr><th>Cota</th><th class="r">Baza</th><th class="r">TVA</th></tr>${t.vatBreakdown
    .map(
      (b) =>
        `<tr><td>${b.rate}% (standard)</td><td class="r">${b.taxable}</td><td class="r">${b.vat}</td></tr>`,
    )
    .join('')}</table></div>
<div><table><tr><td>Total fără TVA</td><td class="r">${t.net} ${document.currency}</td></tr><tr><td>TVA</td><td class="r">${t.vat} ${document.currency}</td></tr><tr class="total"><td>Total</td><td class="r">${t.gross} ${document.currency}</td></tr><tr><td>Plătit</td><td class="r">${t.paid} ${document.currency}</td></tr><tr class="total"><td>De plată</td><td class="r">${t.due} ${document.currency}</td></tr></table></div></div>
<p><b>Note</b><br>${escape(document.notes)}</p>
</body></html>`;
}
