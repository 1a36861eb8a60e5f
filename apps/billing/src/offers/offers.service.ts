import { Injectable } from '@nestjs/common';
import type {
  DocumentView,
  LinkDecision,
  OfferConversionTarget,
  RpcCaller,
  SettingsView,
} from '@app/contracts';
import { Clock, conflict, notFound, Outbox } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { tenantOf } from '../common/caller-tenant';
import { addDays, todayIn } from '../documents/business-date';
import type { DocumentRecord } from '../documents/document.record';
import { toDocumentView } from '../documents/document-view';
import { DocumentsRepository } from '../documents/documents.repository';
import { CrmBuyerSource } from '../drafts/crm-buyer.source';
import { vatCategoryFor } from '../drafts/draft-lines';
import { defaultName, newDraft } from '../drafts/drafts.service';
import { SettingsService } from '../settings/settings.service';
import { conversionRefusal, decideOffer, isPastValidity } from './offer-rules';
import { OffersRepository } from './offers.repository';

export interface OfferAnswer {
  offer: DocumentView;
  /** False when the offer already was in the state asked for (a replay). */
  changed: boolean;
}

const EVENT = {
  accepted: 'billing.offer.accepted',
  rejected: 'billing.offer.rejected',
  expired: 'billing.offer.expired',
} as const;

/**
 * Offers after issue: accepted or rejected (by the API or a public link), expired once their
 * validity has passed, and converted into a draft invoice or proforma once accepted. Each change
 * locks the offer row, so two answers racing are decided one after the other, and publishes its
 * event with the change. An offer found past its validity is written `expired` (with its event)
 * by whoever touches it first, and that write commits even though the request is then refused.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly offers: OffersRepository,
    private readonly settings: SettingsService,
    private readonly crm: CrmBuyerSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async answer(tenantId: string, id: string, action: LinkDecision): Promise<OfferAnswer> {
    const settings = await this.settings.get(tenantId);
    const result = await this.documents.transaction(async (manager) => {
      const offer = await this.lock(manager, tenantId, id);
      const now = this.clock.now();
      const decision = decideOffer(offer, action, todayIn(settings.timeZone, now));
      switch (decision.kind) {
        case 'refuse':
          return { refusal: decision.message };
        case 'expire':
          await this.expire(manager, offer, now);
          return { refusal: decision.message };
        case 'unchanged':
          return { answer: { offer: await this.view(manager, offer), changed: false } };
        case 'change':
          await this.offers.close(manager, id, decision.to, now);
          await this.outbox.add(manager, tenantId, EVENT[decision.to], { documentId: id });
          return {
            answer: {
              offer: await this.view(manager, { ...offer, status: decision.to, updatedAt: now }),
              changed: true,
            },
          };
      }
    });
    if (result.refusal !== undefined) throw conflict(result.refusal);
    return result.answer;
  }

  /**
   * A new draft of `to` for the offer's contact (buyer refreshed from crm), with its lines,
   * currency, payment method and notes, dated today and due after the tenant's payment term. The
   * offer points at it; an offer converts once (409 after that).
   */
  async convert(caller: RpcCaller, id: string, to: OfferConversionTarget): Promise<DocumentView> {
    const tenantId = tenantOf(caller);
    const current = await this.documents.find(this.documents.manager, tenantId, 'offer', id);
    if (!current) throw notFound('Offer');
    const [settings, { buyer, asOf }] = await Promise.all([
      this.settings.get(tenantId),
      this.crm.buyer(current.contactId, caller),
    ]);
    const result = await this.documents.transaction(async (manager) => {
      const offer = await this.lock(manager, tenantId, id);
      const now = this.clock.now();
      const today = todayIn(settings.timeZone, now);
      if (isPastValidity(offer, today)) {
        await this.expire(manager, offer, now);
        return { refusal: `This offer expired after ${offer.validUntil}; only accepted offers convert` };
      }
      const refusal = conversionRefusal(offer);
      if (refusal) return { refusal };
      return { draft: await this.createDraft(manager, settings, offer, to, buyer, asOf, today, now) };
    });
    if (result.refusal !== undefined) throw conflict(result.refusal);
    return result.draft;
  }

  /** Writes `expired` and its event; call with the row locked and the offer past its validity. */
  async expire(manager: EntityManager, offer: DocumentRecord, now: Date): Promise<void> {
    await this.offers.close(manager, offer.id, 'expired', now);
    await this.outbox.add(manager, offer.tenantId, EVENT.expired, { documentId: offer.id });
  }

  /** Expires every offer past its validity (any tenant), in small batches; returns how many. */
  async expireDue(batch = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.documents.transaction(async (manager) => {
        const now = this.clock.now();
        const due = await this.offers.lockDue(manager, now, batch);
        for (const offer of due) {
          await this.offers.close(manager, offer.id, 'expired', now);
          await this.outbox.add(manager, offer.tenantId, EVENT.expired, { documentId: offer.id });
        }
        return due.length;
      });
      total += count;
      if (count < batch) return total;
    }
  }

  private async createDraft(
    manager: EntityManager,
    settings: SettingsView,
    offer: DocumentRecord,
    to: OfferConversionTarget,
    buyer: DocumentRecord['buyer'],
    asOf: Date,
    today: string,
    now: Date,
  ): Promise<DocumentView> {
    const lines = (await this.documents.lines(manager, offer.id)).map((line) => ({
      productId: line.productId,
      name: line.name,
      unit: line.unit,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      vatRate: line.vatRate,
      vatCategory: vatCategoryFor(line.vatRate, settings.vatRegistered),
    }));
    const draft: DocumentRecord = {
      ...newDraft({
        tenantId: offer.tenantId,
        kind: to,
        contactId: offer.contactId,
        dealId: offer.dealId,
        buyer,
        buyerAsOf: asOf,
        name: defaultName(to, buyer.name, today),
        issueDate: today,
        dueDate: addDays(today, settings.defaultPaymentTermDays),
        validUntil: null,
        paymentMethod: offer.paymentMethod,
        currency: offer.currency,
        notes: offer.notes,
        now,
      }),
      vatExemptionNote: lines.some((line) => line.vatCategory === 'exempt')
        ? settings.vatExemptionNote
        : null,
    };
    await this.documents.insert(manager, draft);
    const stored = await this.documents.insertLines(manager, offer.tenantId, draft.id, lines);
    await this.offers.linkConversion(manager, offer.id, draft.id, to, now);
    return toDocumentView(draft, stored);
  }

  private async lock(manager: EntityManager, tenantId: string, id: string): Promise<DocumentRecord> {
    const offer = await this.documents.find(manager, tenantId, 'offer', id, true);
    if (!offer) throw notFound('Offer');
    return offer;
  }

  private async view(manager: EntityManager, offer: DocumentRecord): Promise<DocumentView> {
    return toDocumentView(offer, await this.documents.lines(manager, offer.id));
  }
}
