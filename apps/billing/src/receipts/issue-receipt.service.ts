import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { IssueReceiptDto, ListReceiptsQuery, Page, PaymentView, ReceiptView } from '@app/contracts';
import { amountInWords, badRequest, Clock, conflict, notFound, Outbox, unprocessable } from '@app/platform';
import { todayIn } from '../documents/business-date';
import { DocumentsRepository } from '../documents/documents.repository';
import { withPayment } from '../payments/payment-rules';
import { SettingsService } from '../settings/settings.service';
import { receiptAmount, receiptRefusal } from './receipt-rules';
import { ReceiptsRepository, type UnnumberedReceipt } from './receipts.repository';

const DEFAULT_LIMIT = 50;

/**
 * Cash receipts. One transaction locks the invoice (receipts and payments racing on it are checked
 * one after the other against what is still due), records the cash payment, updates the invoice's
 * totals (`paid` when nothing is due), writes the events to the outbox and, as its LAST statement,
 * takes the receipt's number from the tenant's receipt series, so receipt numbers are gap-free like
 * every other series: a refused receipt consumes none.
 */
@Injectable()
export class IssueReceiptService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly receipts: ReceiptsRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async issue(tenantId: string, invoiceId: string, dto: IssueReceiptDto): Promise<ReceiptView> {
    // Read before the transaction (it has its own connection), as issue does.
    const settings = await this.settings.get(tenantId);
    return this.documents.transaction(async (manager) => {
      const invoice = await this.documents.find(manager, tenantId, 'invoice', invoiceId, true);
      if (!invoice) throw notFound('Invoice');
      const refusal = receiptRefusal(invoice);
      if (refusal) throw conflict(refusal);
      const totals = invoice.totals!;
      const checked = receiptAmount(dto.amount, totals.due, invoice.currency);
      if ('problems' in checked) throw unprocessable('The receipt cannot be issued', checked.problems);
      const { amount } = checked;
      const now = this.clock.now();
      const date = todayIn(settings.timeZone, now);
      if (date < invoice.issueDate)
        throw unprocessable('The receipt cannot be issued', [
          {
            path: 'date',
            message: `a receipt is dated today, which is before the invoice's issue date (${invoice.issueDate})`,
          },
        ]);

      const receiptId = randomUUID();
      const payment: PaymentView = {
        id: randomUUID(),
        invoiceId,
        amount,
        date,
        method: 'cash',
        createdAt: now.toISOString(),
      };
      await this.receipts.insertPayment(manager, { ...payment, tenantId, receiptId }, now);
      const after = withPayment(totals, amount);
      const paid = new Decimal(after.due).isZero();
      await this.documents.storePayments(manager, invoiceId, after, paid ? 'paid' : 'issued', now);
      await this.outbox.add(manager, tenantId, 'billing.payment.recorded', { invoiceId, payment });
      // Only the payment that brings `due` to zero gets here with the invoice still `issued`.
      if (paid)
        await this.outbox.add(manager, tenantId, 'billing.invoice.paid', {
          documentId: invoiceId,
          paidAt: payment.createdAt,
        });

      const receipt: UnnumberedReceipt = {
        id: receiptId,
        invoiceId,
        invoiceNumber: invoice.fullNumber!,
        invoiceIssueDate: invoice.issueDate,
        paymentId: payment.id,
        amount,
        currency: invoice.currency,
        date,
        amountInWords: amountInWords(amount, invoice.currency, settings.language),
        seller: invoice.seller!,
        buyer: invoice.buyer,
        issuedAt: now.toISOString(),
      };
      // The number is written into this row by the numbering statement below.
      const event = await this.outbox.add(manager, tenantId, 'billing.receipt.issued', {
        receipt: { ...receipt, series: '', number: 0, fullNumber: '' },
      });
      const assigned = await this.receipts.assignAndInsert(manager, tenantId, receipt, event.id);
      // A receipt dated later committed in the series after this one was dated.
      if (!assigned)
        throw unprocessable('The receipt cannot be issued', [
          {
            path: 'date',
            message: 'the last receipt of the series is dated later than today; try again tomorrow',
          },
        ]);
      return { ...receipt, ...assigned };
    });
  }

  async get(tenantId: string, id: string): Promise<ReceiptView> {
    const receipt = await this.receipts.find(tenantId, id);
    if (!receipt) throw notFound('Receipt');
    return receipt;
  }

  async list(tenantId: string, query: ListReceiptsQuery): Promise<Page<ReceiptView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.receipts.list(tenantId, {
      invoiceId: query.invoiceId,
      limit,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor(last) : null };
  }
}

const encodeCursor = (last: ReceiptView) =>
  Buffer.from(JSON.stringify({ t: last.issuedAt, n: last.number, i: last.id })).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { issuedAt: string; number: number; id: string } {
  try {
    const { t, n, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      t?: unknown;
      n?: unknown;
      i?: unknown;
    };
    if (
      typeof t === 'string' &&
      !Number.isNaN(Date.parse(t)) &&
      Number.isSafeInteger(n) &&
      typeof i === 'string' &&
      UUID.test(i)
    )
      return { issuedAt: t, number: n as number, id: i };
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid', [
    { path: 'cursor', message: 'use nextCursor from the last page' },
  ]);
}
