import { Injectable, Logger } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@app/contracts';
import { Clock, DomainError, EventHandler } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { addDays, todayIn } from '../documents/business-date';
import { DocumentsRepository } from '../documents/documents.repository';
import { CrmBuyerSource } from '../drafts/crm-buyer.source';
import { defaultName, newDraft } from '../drafts/drafts.service';
import { SettingsService } from '../settings/settings.service';
import { dealCurrency, dealLine } from './deal-draft';

/**
 * SPEC: when the tenant's `draftOnDealWon` is on, a won deal becomes a draft invoice for the deal's
 * contact, once per deal: a redelivered event is dropped by the inbox, and a deal won again later
 * (won → open → won, a new event) finds the deal's claim row in `deal_drafts` and makes nothing.
 *
 * The event carries the deal but not the contact, so the buyer block is asked from crm, inside the
 * inbox transaction: if crm does not answer, the handler fails and the event comes back with
 * backoff (then to the dead-letter queue), and nothing was written.
 */
@Injectable()
export class DealWonListener {
  private readonly logger = new Logger('DealDrafts');

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly settings: SettingsService,
    private readonly crm: CrmBuyerSource,
    private readonly clock: Clock,
  ) {}

  @EventHandler('crm.deal.won')
  async onDealWon(
    envelope: EventEnvelope<'crm.deal.won', EventData<'crm.deal.won'>>,
    manager: EntityManager,
  ): Promise<void> {
    const tenantId = envelope.tenantId;
    const deal = envelope.data?.deal;
    if (!deal?.id || !deal.contactId || !deal.value) {
      this.logger.warn(`crm.deal.won ${envelope.id} carries no deal; ignored`);
      return;
    }
    // A tenant that never saved settings has the default: off.
    const settings = await this.settings.findIn(manager, tenantId);
    if (!settings?.draftOnDealWon) return;
    if (await this.documents.dealDraftExists(manager, tenantId, deal.id)) return;

    let contact;
    try {
      contact = await this.crm.buyer(deal.contactId, { tenantId });
    } catch (error) {
      // The contact is gone (crm refuses to delete one with deals, so hardly ever): nothing to bill.
      if (error instanceof DomainError && error.code === 'UNPROCESSABLE') {
        this.logger.warn(`deal ${deal.id} won, but its contact ${deal.contactId} does not exist; no draft`);
        return;
      }
      throw error;
    }

    const now = this.clock.now();
    const issueDate = todayIn(settings.timeZone, now);
    const { currency, converted } = dealCurrency(deal, settings);
    const line = dealLine(deal, settings);
    const draft = newDraft({
      tenantId,
      kind: 'invoice',
      contactId: deal.contactId,
      dealId: deal.id,
      buyer: contact.buyer,
      buyerAsOf: contact.asOf,
      name:
        defaultName('invoice', contact.buyer.name, issueDate) +
        (converted ? ` – deal value in ${deal.value.currency}` : ''),
      issueDate,
      dueDate: addDays(issueDate, settings.defaultPaymentTermDays),
      validUntil: null,
      paymentMethod: settings.defaultPaymentMethod,
      currency,
      notes: null,
      now,
    });
    // The claim decides, under its unique key, who makes the draft: a second event of the same
    // deal handled at the same time waits for this commit and then finds the claim taken.
    if (!(await this.documents.claimDealDraft(manager, tenantId, deal.id, draft.id, now))) return;
    await this.documents.insert(manager, {
      ...draft,
      vatExemptionNote: line.vatCategory === 'exempt' ? settings.vatExemptionNote : null,
    });
    await this.documents.insertLines(manager, tenantId, draft.id, [line]);
  }
}
