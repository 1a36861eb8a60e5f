import { Injectable } from '@nestjs/common';
import {
  DOCUMENT_ISSUED_EVENT,
  type DocumentKind,
  type DocumentView,
  type IssueDocumentDto,
  type SellerView,
  type SettingsView,
} from '@app/contracts';
import {
  assertCallerStillWaiting,
  Clock,
  conflict,
  notFound,
  Outbox,
  requestContext,
  unprocessable,
} from '@app/platform';
import type { EntityManager } from 'typeorm';
import { checkCompliance } from '../compliance/compliance';
import { TRASHED_MESSAGE } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import {
  NumberSeriesRepository,
  type DraftIssue,
  type DraftIssueOutcome,
} from '../numbering/number-series.repository';
import { IssueBatcher } from './issue-batcher';
import { SettingsService } from '../settings/settings.service';
import { computeTotals } from '../totals/totals';

const KIND_TITLE: Record<DocumentKind, string> = { invoice: 'Invoice', proforma: 'Proforma', offer: 'Offer' };

/** A draft changed under an issue this many times in a row: the caller is told to try again. */
const ISSUE_ATTEMPTS = 5;
/** Settings kept per tenant for issuing (checked against the settings row's version every time). */
const SETTINGS_KEPT = 10_000;

/**
 * Issue, in two round trips and without a lock held between them: one statement reads the draft,
 * its lines and versions; the check (422 listing every problem, nothing consumed), the totals, the
 * seller snapshot and the issued event are made here; then ONE statement, its own transaction,
 * locks the draft, makes sure it is unchanged since the read, takes the number, stamps the document
 * and writes the event (NumberSeriesRepository.issueDrafts), together with the other issues of its series arriving meanwhile (IssueBatcher). A draft changed in between (an edit,
 * a second issue of it) is read again. The answer returns once that statement has committed.
 */
@Injectable()
export class IssueDocumentService {
  /** Settings as last read per tenant, with the settings row version they were read at. */
  private readonly settingsSeen = new Map<string, { version: string; settings: SettingsView }>();
  private readonly batcher = new IssueBatcher((issues) =>
    this.numbering.issueDrafts(this.documents.manager, issues),
  );

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
    for (let attempt = 1; ; attempt++) {
      const issued = await this.attempt(this.documents.manager, undefined, tenantId, kind, id, options);
      if (issued) return issued;
      if (attempt === ISSUE_ATTEMPTS)
        throw conflict(`This ${kind} kept changing while it was being issued; try again`);
    }
  }

  /**
   * The issue inside the caller's transaction (an event handler's: a recurring invoice is issued
   * in the transaction that created it and claims its period), with settings the caller has read.
   */
  async issueIn(
    manager: EntityManager,
    settings: SettingsView,
    tenantId: string,
    kind: DocumentKind,
    id: string,
    options: IssueDocumentDto,
  ): Promise<DocumentView> {
    const issued = await this.attempt(manager, settings, tenantId, kind, id, options);
    // Only this transaction can see the draft it created; nothing can change it in between.
    if (!issued) throw new Error(`${kind} ${id} changed inside the transaction issuing it`);
    return issued;
  }

  /** One read and one write; null when the draft changed in between (nothing written). */
  private async attempt(
    manager: EntityManager,
    given: SettingsView | undefined,
    tenantId: string,
    kind: DocumentKind,
    id: string,
    options: IssueDocumentDto,
  ): Promise<DocumentView | null> {
    const read = await this.documents.readForIssue(manager, tenantId, kind, id);
    if (!read) throw notFound(KIND_TITLE[kind]);
    const { document, lines, lastIssueDate } = read;
    if (document.status !== 'draft')
      throw conflict(document.status === 'trashed' ? TRASHED_MESSAGE : `This ${kind} is already issued`);
    const settings = given ?? (await this.settingsAt(tenantId, read.settingsVersion));
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
    // The event carries the document as the API answers it; the write fills in its number.
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
    const event = this.outbox.envelope(tenantId, DOCUMENT_ISSUED_EVENT[kind], { document: view });
    const issue: DraftIssue = {
      tenantId,
      kind,
      documentId: id,
      issueDate: document.issueDate,
      issuedAt,
      seller,
      totals,
      vatExemptionNote,
      ...delivery,
      version: read.version,
      lineNets: lines.map((line, index) => ({ id: line.id, net: nets[index].net })),
      event: { id: event.id, type: event.type, envelope: event },
    };
    // On its own, an issue shares its write with the others of its series arriving meanwhile; in
    // a caller's transaction it is written there, alone.
    let written: DraftIssueOutcome;
    if (given) {
      assertCallerStillWaiting(requestContext.timeLeft());
      [written] = await this.numbering.issueDrafts(manager, [issue]);
    } else written = await this.batcher.submit(issue, Date.now() + requestContext.timeLeft());
    if (written.outcome === 'changed') return null;
    // Another issue of this series committed a later issue date after our read.
    if (written.outcome === 'date-order')
      throw unprocessable(`The ${kind} cannot be issued: 1 problem(s) to fix`, [
        {
          path: 'issueDate',
          message:
            'the issue date may not be earlier than the issue date of the last document of this series',
        },
      ]);
    this.outbox.written();
    const { series, number, fullNumber } = written;
    return { ...view, series, number, fullNumber };
  }

  /** The tenant's settings at `version`: kept from an earlier issue while the row is unchanged. */
  private async settingsAt(tenantId: string, version: string | null): Promise<SettingsView> {
    const seen = this.settingsSeen.get(tenantId);
    if (seen && version !== null && seen.version === version) return seen.settings;
    const fresh = await this.settings.getVersioned(tenantId);
    this.settingsSeen.delete(tenantId);
    if (this.settingsSeen.size >= SETTINGS_KEPT)
      this.settingsSeen.delete(this.settingsSeen.keys().next().value!);
    this.settingsSeen.set(tenantId, { version: fresh.version, settings: fresh.settings });
    return fresh.settings;
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
