import { Injectable } from '@nestjs/common';
import type { DocumentView, ReverseInvoiceDto } from '@app/contracts';
import { Clock, conflict, notFound, Outbox, unprocessable } from '@app/platform';
import { todayIn } from '../documents/business-date';
import type { DocumentRecord } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import { newDraft } from '../drafts/drafts.service';
import { sellerOf } from '../issuing/issue-document.service';
import { NumberSeriesRepository } from '../numbering/number-series.repository';
import { SettingsService } from '../settings/settings.service';
import { computeTotals } from '../totals/totals';
import { stornoLines, stornoName, stornoNotes } from './storno';

/**
 * Reversal of an invoice: one transaction that locks the original (two reversals racing queue on
 * that lock, and the second finds it reversed), creates the storno with the original's buyer and
 * negated lines, marks the original `reversed`, writes both events to the outbox and, as its last
 * statement, takes the storno's number from the invoice series, exactly as an issue does.
 *
 * The storno is a new invoice issued today: it carries the seller's details as they are now (an
 * issue snapshot, like any invoice), the original's buyer snapshot, currency, payment method and
 * VAT rates (even a rate the tenant no longer allows: it cancels VAT charged at that rate), and
 * needs no compliance check beyond the date order of the series: its content is the original's.
 */
@Injectable()
export class ReverseInvoiceService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly numbering: NumberSeriesRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async reverse(tenantId: string, id: string, options: ReverseInvoiceDto): Promise<DocumentView> {
    // Read before the transaction (it has its own connection), as issue does.
    const settings = await this.settings.get(tenantId);
    return this.documents.transaction(async (manager) => {
      const original = await this.documents.find(manager, tenantId, 'invoice', id, true);
      if (!original) throw notFound('Invoice');
      assertReversible(original);
      const now = this.clock.now();
      const issueDate = todayIn(settings.timeZone, now);
      const lastIssueDate = await this.documents.lastIssueDate(manager, tenantId, 'invoice');
      if (lastIssueDate && issueDate < lastIssueDate) throw datedTooEarly(lastIssueDate);

      const storno: DocumentRecord = {
        ...newDraft({
          tenantId,
          kind: 'invoice',
          contactId: original.contactId,
          dealId: original.dealId,
          buyer: original.buyer,
          buyerAsOf: original.buyerAsOf ?? now,
          name: stornoName(original, issueDate),
          issueDate,
          // Nothing is owed on a storno: it is due the day it is issued.
          dueDate: issueDate,
          validUntil: null,
          paymentMethod: original.paymentMethod,
          currency: original.currency,
          notes: stornoNotes(original),
          now,
        }),
        reversalOf: original.id,
      };
      await this.documents.insert(manager, storno);
      const lines = await this.documents.insertLines(
        manager,
        tenantId,
        storno.id,
        stornoLines(await this.documents.lines(manager, original.id)),
      );
      const { lines: nets, ...totals } = computeTotals(lines);
      const withNets = lines.map((line, index) => ({ ...line, net: nets[index].net }));
      await this.documents.storeLineNets(manager, withNets);
      await this.documents.markReversed(manager, original.id, storno.id, now);

      const seller = sellerOf(settings);
      const vatExemptionNote = lines.some((line) => line.vatCategory === 'exempt')
        ? (original.vatExemptionNote ?? settings.vatExemptionNote)
        : null;
      const delivery = options.send
        ? { deliveryStatus: 'queued' as const, deliveryTo: null }
        : { deliveryStatus: 'not_sent' as const, deliveryTo: null };
      const view = toDocumentView(
        {
          ...storno,
          status: 'issued',
          seller,
          totals,
          vatExemptionNote,
          ...delivery,
          issuedAt: now,
          updatedAt: now,
        },
        withNets,
      );
      // The storno is an issued invoice (documents renders and sends it from this event) that
      // also reverses one; the number is written into both events by the numbering statement.
      const issued = await this.outbox.add(manager, tenantId, 'billing.invoice.issued', { document: view });
      const reversed = await this.outbox.add(manager, tenantId, 'billing.invoice.reversed', {
        invoiceId: original.id,
        storno: view,
      });
      const assigned = await this.numbering.assign(manager, {
        tenantId,
        kind: 'invoice',
        documentId: storno.id,
        issueDate,
        issuedAt: now,
        seller,
        totals,
        vatExemptionNote,
        ...delivery,
        outboxEvents: [
          { id: issued.id, key: 'document' },
          { id: reversed.id, key: 'storno' },
        ],
      });
      // An invoice with a later issue date committed after the check above.
      if (!assigned) throw datedTooEarly(null);
      return { ...view, ...assigned };
    });
  }
}

/** 409 unless the invoice is issued or paid and is not itself a storno. */
function assertReversible(invoice: DocumentRecord): void {
  if (invoice.reversalOf) throw conflict('A storno invoice cannot be reversed');
  if (invoice.status === 'reversed')
    throw conflict('This invoice is already reversed; an invoice is reversed at most once');
  if (invoice.status === 'draft' || invoice.status === 'trashed')
    throw conflict('Only an issued invoice can be reversed; a draft can be moved to the trash instead');
  if (invoice.status !== 'issued' && invoice.status !== 'paid')
    throw conflict(`An invoice in status ${invoice.status} cannot be reversed`);
}

function datedTooEarly(lastIssueDate: string | null) {
  return unprocessable('The storno cannot be issued today', [
    {
      path: 'issueDate',
      message: `a storno is issued today, which is earlier than the issue date of the last invoice${
        lastIssueDate ? ` (${lastIssueDate})` : ''
      }; reverse it on or after that day`,
    },
  ]);
}
