import { Injectable } from '@nestjs/common';
import {
  DOCUMENT_ISSUED_EVENT,
  type DocumentKind,
  type DocumentView,
  type IssueDocumentDto,
  type SellerView,
  type SettingsView,
} from '@app/contracts';
import { Clock, conflict, notFound, Outbox, unprocessable } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { checkCompliance } from '../compliance/compliance';
import { TRASHED_MESSAGE } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import { NumberSeriesRepository } from '../numbering/number-series.repository';
import { SettingsService } from '../settings/settings.service';
import { computeTotals } from '../totals/totals';

const KIND_TITLE: Record<DocumentKind, string> = { invoice: 'Invoice', proforma: 'Proforma', offer: 'Offer' };

/**
 * Issue: one transaction that locks the draft, checks it (422 listing every problem, nothing
 * consumed), snapshots seller and buyer, stores the totals, writes the issued event to the outbox
 * and, as its last statement, takes the number. The answer returns once that commits.
 */
@Injectable()
export class IssueDocumentService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly numbering: NumberSeriesRepository,
    private readonly settings: SettingsService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async issue(
    tenantId: string,
    kind: DocumentKind,
    id: string,
    options: IssueDocumentDto,
  ): Promise<DocumentView> {
    // Read before the transaction (it has its own): nothing here may wait for a second connection
    // while holding the first.
    const settings = await this.settings.get(tenantId);
    return this.documents.transaction((manager) =>
      this.issueIn(manager, settings, tenantId, kind, id, options),
    );
  }

  /**
   * The issue itself, inside the caller's transaction (an event handler's: a recurring invoice is
   * issued in the transaction that claims its period), with settings the caller has read.
   */
  async issueIn(
    manager: EntityManager,
    settings: SettingsView,
    tenantId: string,
    kind: DocumentKind,
    id: string,
    options: IssueDocumentDto,
  ): Promise<DocumentView> {
    const locked = await this.documents.lockForIssue(manager, tenantId, kind, id);
    if (!locked) throw notFound(KIND_TITLE[kind]);
    const { document, lastIssueDate } = locked;
    if (document.status !== 'draft')
      throw conflict(document.status === 'trashed' ? TRASHED_MESSAGE : `This ${kind} is already issued`);
    const lines = await this.documents.lines(manager, id);
    const seller = sellerOf(settings);
    const problems = checkCompliance({
      kind,
      seller,
      buyer: document.buyer,
      issueDate: document.issueDate,
      dueDate: document.dueDate,
      validUntil: document.validUntil,
      paymentMethod: document.paymentMethod,
      currency: document.currency,
      lines,
      allowedVatRates: settings.vatRates,
      enabledCurrencies: settings.currencies,
      lastIssueDate,
    });
    if (problems.length)
      throw unprocessable(`The ${kind} cannot be issued: ${problems.length} problem(s) to fix`, problems);

    const { lines: nets, ...totals } = computeTotals(lines);
    const issuedAt = this.clock.now();
    const vatExemptionNote = lines.some((line) => line.vatCategory === 'exempt')
      ? settings.vatExemptionNote
      : null;
    const delivery = options.send
      ? { deliveryStatus: 'queued' as const, deliveryTo: options.to ?? null }
      : { deliveryStatus: 'not_sent' as const, deliveryTo: null };
    // The event carries the document as the API answers it; the number is added by the last
    // statement, which writes it into the document and this outbox row together.
    const view = toDocumentView(
      {
        ...document,
        status: 'issued',
        seller,
        totals,
        vatExemptionNote,
        ...delivery,
        issuedAt,
        updatedAt: issuedAt,
      },
      lines.map((line, index) => ({ ...line, net: nets[index].net })),
    );
    // The line nets are stored by the statement that writes the outbox row (one round trip).
    const storeNets = this.documents.lineNetsStatement(
      lines.map((line, index) => ({ id: line.id, net: nets[index].net })),
      5,
    );
    const event = await this.outbox.addAlong(
      manager,
      tenantId,
      DOCUMENT_ISSUED_EVENT[kind],
      { document: view },
      1,
      storeNets,
    );
    const assigned = await this.numbering.assign(manager, {
      tenantId,
      kind,
      documentId: id,
      issueDate: document.issueDate,
      issuedAt,
      seller,
      totals,
      vatExemptionNote,
      ...delivery,
      outboxEvents: [{ id: event.id, key: 'document' }],
    });
    // Another issue of this series committed a later issue date after our check above.
    if (!assigned)
      throw unprocessable(`The ${kind} cannot be issued: 1 problem(s) to fix`, [
        {
          path: 'issueDate',
          message:
            'the issue date may not be earlier than the issue date of the last document of this series',
        },
      ]);
    return { ...view, ...assigned };
  }
}

/** The seller block frozen into an issued document. */
export function sellerOf(settings: SettingsView): SellerView {
  return {
    ...settings.company,
    address: { ...settings.company.address },
    vatRegistered: settings.vatRegistered,
  };
}
