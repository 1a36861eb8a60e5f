import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type {
  DocumentView,
  MarkProformaPaidDto,
  PaymentView,
  ProformaPaidView,
  SettingsView,
} from '@app/contracts';
import { Clock, badRequest, conflict, notFound, Outbox, unprocessable } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { checkCompliance } from '../compliance/compliance';
import { isCalendarDate, todayIn } from '../documents/business-date';
import type { DocumentRecord, LineRecord } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import { newDraft } from '../drafts/drafts.service';
import { sellerOf } from '../issuing/issue-document.service';
import { NumberSeriesRepository } from '../numbering/number-series.repository';
import { paymentProblems, withPayment } from '../payments/payment-rules';
import { SettingsService } from '../settings/settings.service';
import { computeTotals } from '../totals/totals';
import { finalInvoiceName, markPaidRefusal, voidRefusal } from './proforma-rules';
import { ProformasRepository } from './proformas.repository';

/**
 * Proformas after issue. Mark-paid is one transaction that locks the proforma (a second call, on
 * any billing instance, waits and then finds it paid: 409), records the payment and, with
 * `generateInvoice`, creates and issues the final invoice exactly as an issue does (compliance
 * check, seller snapshot, totals, issued event, and the invoice number as the last statement),
 * born `paid` and linked both ways. A unique index on the invoice's `proforma_id` backs the lock.
 */
@Injectable()
export class ProformasService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly proformas: ProformasRepository,
    private readonly numbering: NumberSeriesRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async markPaid(tenantId: string, id: string, dto: MarkProformaPaidDto): Promise<ProformaPaidView> {
    if (dto.date !== undefined && !isCalendarDate(dto.date))
      throw badRequest('The request is not valid', [
        { path: 'date', message: 'date must be a date that exists, such as "2026-11-26"' },
      ]);
    if (dto.send && !dto.generateInvoice)
      throw badRequest('The request is not valid', [
        { path: 'send', message: 'send emails the generated invoice: it needs generateInvoice: true' },
      ]);
    // Read before the transaction (it has its own connection), as issue does.
    const settings = await this.settings.get(tenantId);
    return this.documents.transaction(async (manager) => {
      const proforma = await this.documents.find(manager, tenantId, 'proforma', id, true);
      if (!proforma) throw notFound('Proforma');
      const refusal = markPaidRefusal(proforma);
      if (refusal) throw conflict(refusal);
      const now = this.clock.now();
      const date = dto.date ?? todayIn(settings.timeZone, now);
      const method = dto.method ?? proforma.paymentMethod;
      const totals = proforma.totals!;
      const problems = paymentProblems({
        amount: totals.due,
        date,
        due: totals.due,
        currency: proforma.currency,
        issueDate: proforma.issueDate,
        today: todayIn(settings.timeZone, now),
      });
      if (problems.length) throw unprocessable('The proforma cannot be marked paid', problems);
      const proformaLines = await this.documents.lines(manager, id);
      const paidTotals = withPayment(totals, totals.due);

      if (!dto.generateInvoice) {
        await this.recordPayment(manager, tenantId, proforma.id, totals.due, date, method, now);
        await this.proformas.markPaid(manager, id, paidTotals, null, now);
        await this.outbox.add(manager, tenantId, 'billing.proforma.paid', {
          documentId: id,
          paidAt: now.toISOString(),
        });
        return {
          proforma: toDocumentView(
            { ...proforma, status: 'paid', totals: paidTotals, updatedAt: now },
            proformaLines,
          ),
        };
      }

      const invoice = await this.issuePaidInvoice(manager, settings, proforma, proformaLines, {
        date,
        method,
        send: dto.send === true,
        now,
      });
      return {
        proforma: toDocumentView(
          { ...proforma, status: 'paid', totals: paidTotals, invoiceId: invoice.id, updatedAt: now },
          proformaLines,
        ),
        invoice,
      };
    });
  }

  /** POST /proformas/{id}/reverse: an issued, unpaid proforma becomes `voided`; no storno. */
  async void(tenantId: string, id: string): Promise<DocumentView> {
    return this.documents.transaction(async (manager) => {
      const proforma = await this.documents.find(manager, tenantId, 'proforma', id, true);
      if (!proforma) throw notFound('Proforma');
      const refusal = voidRefusal(proforma);
      if (refusal) throw conflict(refusal);
      const now = this.clock.now();
      await this.proformas.markVoided(manager, id, now);
      await this.outbox.add(manager, tenantId, 'billing.proforma.voided', { documentId: id });
      return toDocumentView(
        { ...proforma, status: 'voided', updatedAt: now },
        await this.documents.lines(manager, id),
      );
    });
  }

  /**
   * The final invoice, inside mark-paid's transaction: the proforma's buyer and lines, issued on
   * the payment date and paid in full by the payment. Everything is written first; the number is
   * taken by the last statement, as in every issue.
   */
  private async issuePaidInvoice(
    manager: EntityManager,
    settings: SettingsView,
    proforma: DocumentRecord,
    proformaLines: LineRecord[],
    payment: { date: string; method: DocumentRecord['paymentMethod']; send: boolean; now: Date },
  ): Promise<DocumentView> {
    const { tenantId } = proforma;
    const { date, now } = payment;
    const draft: DocumentRecord = {
      ...newDraft({
        tenantId,
        kind: 'invoice',
        contactId: proforma.contactId,
        dealId: proforma.dealId,
        buyer: proforma.buyer,
        buyerAsOf: proforma.buyerAsOf ?? now,
        name: finalInvoiceName(proforma, date),
        issueDate: date,
        // Paid on the day it is issued: nothing is left to fall due.
        dueDate: date,
        validUntil: null,
        paymentMethod: payment.method,
        currency: proforma.currency,
        notes: proforma.notes,
        now,
      }),
      proformaId: proforma.id,
    };
    await this.documents.insert(manager, draft);
    const lines = await this.documents.insertLines(
      manager,
      tenantId,
      draft.id,
      proformaLines.map((line) => ({
        productId: line.productId,
        name: line.name,
        unit: line.unit,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        vatRate: line.vatRate,
        vatCategory: line.vatCategory,
      })),
    );
    const seller = sellerOf(settings);
    const problems = checkCompliance({
      kind: 'invoice',
      seller,
      buyer: draft.buyer,
      issueDate: draft.issueDate,
      dueDate: draft.dueDate,
      validUntil: null,
      paymentMethod: draft.paymentMethod,
      currency: draft.currency,
      lines,
      allowedVatRates: settings.vatRates,
      enabledCurrencies: settings.currencies,
      lastIssueDate: await this.documents.lastIssueDate(manager, tenantId, 'invoice'),
    });
    if (problems.length)
      throw unprocessable(
        `The final invoice cannot be issued: ${problems.length} problem(s) to fix; nothing was recorded`,
        problems,
      );
    const { lines: nets, ...issuedTotals } = computeTotals(lines);
    const withNets = lines.map((line, index) => ({ ...line, net: nets[index].net }));
    await this.documents.storeLineNets(manager, withNets);

    const paymentView = await this.recordPayment(
      manager,
      tenantId,
      draft.id,
      issuedTotals.due,
      date,
      payment.method,
      now,
    );
    const paidTotals = withPayment(issuedTotals, issuedTotals.due);
    await this.proformas.markPaid(
      manager,
      proforma.id,
      withPayment(proforma.totals!, proforma.totals!.due),
      draft.id,
      now,
    );

    const vatExemptionNote = lines.some((line) => line.vatCategory === 'exempt')
      ? (proforma.vatExemptionNote ?? settings.vatExemptionNote)
      : null;
    const delivery = payment.send
      ? { deliveryStatus: 'queued' as const, deliveryTo: null }
      : { deliveryStatus: 'not_sent' as const, deliveryTo: null };
    // The invoice as GET answers it right after this step: issued and, in the same step, paid.
    const view = toDocumentView(
      {
        ...draft,
        status: 'paid',
        seller,
        totals: paidTotals,
        vatExemptionNote,
        ...delivery,
        issuedAt: now,
        updatedAt: now,
      },
      withNets,
    );
    await this.outbox.add(manager, tenantId, 'billing.proforma.paid', {
      documentId: proforma.id,
      paidAt: now.toISOString(),
    });
    const issued = await this.outbox.add(manager, tenantId, 'billing.invoice.issued', { document: view });
    if (paymentView)
      await this.outbox.add(manager, tenantId, 'billing.payment.recorded', {
        invoiceId: draft.id,
        payment: paymentView,
      });
    await this.outbox.add(manager, tenantId, 'billing.invoice.paid', {
      documentId: draft.id,
      paidAt: now.toISOString(),
    });
    await this.outbox.add(manager, tenantId, 'billing.proforma.converted', {
      proformaId: proforma.id,
      invoiceId: draft.id,
    });
    const assigned = await this.numbering.assign(manager, {
      tenantId,
      kind: 'invoice',
      documentId: draft.id,
      issueDate: date,
      issuedAt: now,
      seller,
      totals: paidTotals,
      vatExemptionNote,
      ...delivery,
      status: 'paid',
      outboxEvents: [{ id: issued.id, key: 'document' }],
    });
    // An invoice with a later issue date committed after the compliance check above.
    if (!assigned)
      throw unprocessable('The final invoice cannot be issued: 1 problem(s) to fix; nothing was recorded', [
        {
          path: 'issueDate',
          message:
            'the issue date may not be earlier than the issue date of the last document of this series',
        },
      ]);
    return { ...view, ...assigned };
  }

  /** The payment row; none for a zero amount (a proforma of free items is paid by nothing). */
  private async recordPayment(
    manager: EntityManager,
    tenantId: string,
    documentId: string,
    amount: string,
    date: string,
    method: PaymentView['method'],
    now: Date,
  ): Promise<PaymentView | null> {
    if (!new Decimal(amount).greaterThan(0)) return null;
    const payment: PaymentView = {
      id: randomUUID(),
      invoiceId: documentId,
      amount: new Decimal(amount).toFixed(2),
      date,
      method,
      createdAt: now.toISOString(),
    };
    await this.proformas.insertPayment(manager, { ...payment, documentId, tenantId, createdAt: now });
    return payment;
  }
}
