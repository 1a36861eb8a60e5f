import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Page, PaymentView, RecordPaymentDto } from '@app/contracts';
import { Clock, badRequest, conflict, notFound, Outbox, unprocessable } from '@app/platform';
import { isCalendarDate, todayIn } from '../documents/business-date';
import type { DocumentRecord } from '../documents/document.record';
import { DocumentsRepository } from '../documents/documents.repository';
import { SettingsService } from '../settings/settings.service';
import { paymentProblems, withPayment } from './payment-rules';
import { PaymentsRepository } from './payments.repository';

/**
 * Payments on issued invoices. Each runs in one transaction that locks the invoice row, so two
 * payments racing are checked one after the other against what is still due: together they can
 * never overpay. The totals stored on the invoice carry `paid` and `due`; the invoice becomes
 * `paid` when nothing is due, and the events go out through the outbox with the change.
 */
@Injectable()
export class RecordPaymentService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly payments: PaymentsRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async record(tenantId: string, invoiceId: string, dto: RecordPaymentDto): Promise<PaymentView> {
    if (!isCalendarDate(dto.date))
      throw badRequest('The request is not valid', [
        { path: 'date', message: 'date must be a date that exists, such as "2026-11-26"' },
      ]);
    const settings = await this.settings.get(tenantId);
    return this.documents.transaction(async (manager) => {
      const invoice = await this.documents.find(manager, tenantId, 'invoice', invoiceId, true);
      if (!invoice) throw notFound('Invoice');
      assertPayable(invoice);
      const totals = invoice.totals!;
      const now = this.clock.now();
      const amount = new Decimal(dto.amount).toFixed(2);
      const problems = paymentProblems({
        amount,
        date: dto.date,
        due: totals.due,
        currency: invoice.currency,
        issueDate: invoice.issueDate,
        today: todayIn(settings.timeZone, now),
      });
      if (problems.length) throw unprocessable('The payment cannot be recorded', problems);

      const payment: PaymentView = {
        id: randomUUID(),
        invoiceId,
        amount,
        date: dto.date,
        method: dto.method,
        createdAt: now.toISOString(),
      };
      await this.payments.insert(manager, { ...payment, tenantId, createdAt: now });
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
      return payment;
    });
  }

  async list(tenantId: string, invoiceId: string): Promise<Page<PaymentView>> {
    const invoice = await this.documents.find(this.documents.manager, tenantId, 'invoice', invoiceId);
    if (!invoice) throw notFound('Invoice');
    return { items: await this.payments.list(tenantId, invoiceId), nextCursor: null };
  }
}

/** Payments go on issued invoices only: not on drafts, stornos, reversed or fully paid ones. */
function assertPayable(invoice: DocumentRecord): void {
  if (invoice.reversalOf) throw conflict('A storno invoice takes no payments');
  if (invoice.status === 'issued') return;
  const why: Partial<Record<DocumentRecord['status'], string>> = {
    draft: 'Payments are recorded on issued invoices; issue this draft first',
    trashed: 'Payments are recorded on issued invoices; this draft is in the trash',
    paid: 'This invoice is already paid: nothing is due',
    reversed: 'This invoice was reversed; it takes no more payments',
  };
  throw conflict(why[invoice.status] ?? `An invoice in status ${invoice.status} takes no payments`);
}
