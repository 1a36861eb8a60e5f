import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type DocumentView, type FieldProblem, RecurrenceDueV1 } from '@app/contracts';
import { Clock, DomainError, validatePayload } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { DocumentRecord } from '../documents/document.record';
import { DocumentsRepository } from '../documents/documents.repository';
import { CrmBuyerSource } from '../drafts/crm-buyer.source';
import { vatCategoryFor } from '../drafts/draft-lines';
import { newDraft } from '../drafts/drafts.service';
import { IssueDocumentService } from '../issuing/issue-document.service';
import { SettingsService } from '../settings/settings.service';
import { periodBefore, recurringDueDate, recurringIssueDate, recurringName } from './recurrence-rules';
import { RecurrencesRepository } from './recurrences.repository';

const SAVEPOINT = 'recurring_issue';
/** How long a period waits for the previous one's invoice before it goes first anyway. */
const PREVIOUS_PERIOD_WAIT_MS = 3000;

/** What a due event came to: for logs and tests. */
export type RunResult =
  | { outcome: 'issued'; invoice: DocumentView }
  | { outcome: 'failed'; problems: FieldProblem[] }
  | { outcome: 'ignored'; reason: 'unknown' | 'stopped' | 'done' };

/**
 * One period of a recurrence: a copy of the origin (buyer refreshed from crm), issued through the
 * issuing code path, linked to the recurrence. Runs inside the transaction of the inbox row of the
 * due event, and claims (recurrence, period) first, so each period gets one invoice however often
 * and on however many billing instances the event is handled.
 *
 * - crm unreachable: the error propagates, nothing is written, the event is retried.
 * - The copy fails the compliance check (seller settings changed, a VAT rate no longer allowed, a
 *   buyer without address): the run is recorded as failed with the problems and not retried; no
 *   number is used up. The scheduler has moved on; the user sees the invoices that were made.
 * - Another issue of the series with a later date committed while we ran: the error propagates and
 *   the retry dates the invoice after it (see `recurringIssueDate`).
 */
@Injectable()
export class RecurringInvoiceService {
  private readonly logger = new Logger('Recurrence');

  constructor(
    private readonly recurrences: RecurrencesRepository,
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsService,
    private readonly crm: CrmBuyerSource,
    private readonly issuing: IssueDocumentService,
    private readonly clock: Clock,
  ) {}

  async run(manager: EntityManager, tenantId: string, eventId: string, payload: unknown): Promise<RunResult> {
    // A malformed event throws: retried, then dead-lettered, never silently dropped.
    const due = await validatePayload(RecurrenceDueV1, payload);
    await this.previousPeriodFirst(manager, tenantId, due.recurrenceId, due.period);
    const recurrence = await this.recurrences.lock(manager, tenantId, due.recurrenceId);
    // Not ours (another billing database on the same broker, a test's event) or deleted.
    if (!recurrence) return { outcome: 'ignored', reason: 'unknown' };
    if (!recurrence.active) {
      this.logger.log(`recurrence ${recurrence.id} is stopped: period ${due.period} not invoiced`);
      return { outcome: 'ignored', reason: 'stopped' };
    }
    const invoiceId = randomUUID();
    const now = this.clock.now();
    const claimed = await this.recurrences.claimRun(manager, {
      tenantId,
      recurrenceId: recurrence.id,
      period: due.period,
      runDate: due.runDate,
      invoiceId,
      eventId,
      now,
    });
    if (!claimed) {
      this.logger.log(`recurrence ${recurrence.id} period ${due.period} already run; ignored`);
      return { outcome: 'ignored', reason: 'done' };
    }
    const fail = async (problems: FieldProblem[]): Promise<RunResult> => {
      await this.recurrences.finishRun(manager, recurrence.id, due.period, { status: 'failed', problems });
      this.logger.warn(
        `recurrence ${recurrence.id} period ${due.period} not issued: ${problems
          .map((problem) => `${problem.path}: ${problem.message}`)
          .join('; ')}`,
      );
      return { outcome: 'failed', problems };
    };

    const origin = await this.documents.find(manager, tenantId, 'invoice', recurrence.originId);
    const settings = await this.settings.findIn(manager, tenantId);
    if (!origin || !settings)
      return fail([{ path: 'originId', message: 'the origin invoice or the settings are gone' }]);
    let buyer: { buyer: DocumentRecord['buyer']; asOf: Date };
    try {
      buyer = await this.crm.buyer(origin.contactId, { tenantId });
    } catch (error) {
      // The contact is gone: no retry brings it back. Anything else (crm down): retried.
      if (error instanceof DomainError && error.code === 'UNPROCESSABLE') return fail(error.errors ?? []);
      throw error;
    }

    const lastIssueDate = await this.documents.lastIssueDate(manager, tenantId, 'invoice');
    const { issueDate, moved } = recurringIssueDate(due.runDate, lastIssueDate);
    // Everything the issue writes is undone on a refusal, the claim and its outcome are kept.
    await manager.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      const document: DocumentRecord = {
        ...newDraft({
          tenantId,
          kind: 'invoice',
          contactId: origin.contactId,
          dealId: null,
          buyer: buyer.buyer,
          buyerAsOf: buyer.asOf,
          name: recurringName(buyer.buyer.name, issueDate, due.period, due.runDate, moved),
          issueDate,
          dueDate: recurringDueDate(origin, issueDate, settings.defaultPaymentTermDays),
          validUntil: null,
          paymentMethod: origin.paymentMethod,
          currency: origin.currency,
          notes: origin.notes,
          now,
        }),
        id: invoiceId,
        recurrenceId: recurrence.id,
      };
      await this.documents.insert(manager, document);
      await this.documents.insertLines(
        manager,
        tenantId,
        invoiceId,
        (await this.documents.lines(manager, origin.id)).map((line) => ({
          productId: line.productId,
          name: line.name,
          unit: line.unit,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          vatRate: line.vatRate,
          vatCategory: vatCategoryFor(line.vatRate, settings.vatRegistered),
        })),
      );
      const invoice = await this.issuing.issueIn(manager, settings, tenantId, 'invoice', invoiceId, {
        send: recurrence.send,
      });
      await manager.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      await this.recurrences.finishRun(manager, recurrence.id, due.period, {
        status: 'issued',
        invoiceId,
        issueDate,
      });
      if (moved)
        this.logger.warn(
          `recurrence ${recurrence.id} period ${due.period}: run date ${due.runDate} is before the series' last issue date; issued on ${issueDate}`,
        );
      this.logger.log(`recurrence ${recurrence.id} period ${due.period}: issued ${invoice.fullNumber}`);
      return { outcome: 'issued', invoice };
    } catch (error) {
      await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      const problems =
        error instanceof DomainError && error.code === 'UNPROCESSABLE' ? error.errors : undefined;
      // An issue-date problem here can only be a later issue that committed meanwhile: try again.
      if (problems && !problems.some((problem) => problem.path === 'issueDate')) return fail(problems);
      throw error;
    }
  }

  /**
   * Due events of a catch-up arrive together and are handled concurrently (several per instance,
   * several instances). Numbers follow issue dates, so a later period issued first would push the
   * earlier one's issue date past its run date. Before taking the recurrence's lock, wait a little
   * for the previous period's run to commit; bounded, so a previous event that is stuck (crm down,
   * dead-lettered) delays this one by seconds, never blocks it.
   */
  private async previousPeriodFirst(
    manager: EntityManager,
    tenantId: string,
    recurrenceId: string,
    period: string,
  ): Promise<void> {
    const recurrence = await this.recurrences.find(manager, tenantId, recurrenceId);
    const previous = recurrence?.active ? periodBefore(recurrence.startedOn, period) : null;
    if (!previous) return;
    const deadline = Date.now() + PREVIOUS_PERIOD_WAIT_MS;
    while (!(await this.recurrences.hasRun(manager, recurrenceId, previous))) {
      if (Date.now() > deadline) {
        this.logger.warn(
          `recurrence ${recurrenceId}: period ${previous} not run yet; running ${period} first`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
