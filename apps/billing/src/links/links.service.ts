import { Inject, Injectable } from '@nestjs/common';
import type {
  DocumentKind,
  LinkAction,
  LinkDecision,
  LinkOutcomeView,
  LinkPageView,
  LinkTokensView,
} from '@app/contracts';
import { APP_CONFIG, type AppConfig, Clock, conflict, notFound, signLinkToken } from '@app/platform';
import { todayIn } from '../documents/business-date';
import type { DocumentRecord } from '../documents/document.record';
import { DocumentsRepository } from '../documents/documents.repository';
import { currentStatus } from '../offers/offer-rules';
import { OffersService } from '../offers/offers.service';
import { SettingsService } from '../settings/settings.service';
import { endOfDayIn, LINK_LIFETIME_DAYS } from './link-expiry';
import { LinksRepository } from './links.repository';

const KIND_TITLE: Record<DocumentKind, string> = { invoice: 'Invoice', proforma: 'Proforma', offer: 'Offer' };
const DAY_MS = 86_400_000;

/**
 * Public links: billing signs them (it knows the document and the tenant's time zone) and answers
 * for them once the gateway has checked a token. Every call is on behalf of the token's tenant, so
 * a token only ever reaches its own document; anything else is "not found".
 */
@Injectable()
export class LinksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentsRepository,
    private readonly links: LinksRepository,
    private readonly offers: OffersService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The tokens an email carries: view for every kind, accept and reject for offers. Offers' links
   * end with their validity (the end of `validUntil` in the tenant's time zone), others' after
   * 90 days. Drafts have none: 409.
   */
  async tokens(tenantId: string, kind: DocumentKind, id: string): Promise<LinkTokensView> {
    const document = await this.documents.find(this.documents.manager, tenantId, kind, id);
    if (!document) throw notFound(KIND_TITLE[kind]);
    if (document.status === 'draft' || document.status === 'trashed')
      throw conflict('Links are made for issued documents; issue it first');
    const now = this.clock.now();
    const expiresAt =
      kind === 'offer' && document.validUntil
        ? endOfDayIn((await this.settings.get(tenantId)).timeZone, document.validUntil)
        : new Date(now.getTime() + LINK_LIFETIME_DAYS * DAY_MS);
    const sign = (act: LinkAction) =>
      signLinkToken(this.config.linkSecret, {
        v: 1,
        tid: tenantId,
        doc: id,
        kind,
        act,
        exp: Math.floor(expiresAt.getTime() / 1000),
      });
    const tokens: LinkTokensView = { view: sign('view'), expiresAt: expiresAt.toISOString() };
    if (kind === 'offer') {
      tokens.accept = sign('accept');
      tokens.reject = sign('reject');
    }
    return tokens;
  }

  /**
   * GET of a link: what the page shows. Changes no status (mail scanners open links); a view link
   * records the first `viewedAt`. An offer past its validity shows `expired` without writing it.
   */
  async open(tenantId: string, kind: DocumentKind, id: string, action: LinkAction): Promise<LinkPageView> {
    const document = await this.find(tenantId, kind, id, action);
    if (action === 'view') await this.links.recordView(tenantId, id, this.clock.now());
    return this.page(document, action, await this.today(tenantId));
  }

  /** POST of an accept or reject link: the offer's answer, once; a replay answers the same. */
  async decide(
    tenantId: string,
    kind: DocumentKind,
    id: string,
    action: LinkDecision,
  ): Promise<LinkOutcomeView> {
    await this.find(tenantId, kind, id, action);
    const { offer, changed } = await this.offers.answer(tenantId, id, action);
    const document = await this.find(tenantId, kind, id, action);
    return { ...this.page(document, action, await this.today(tenantId)), status: offer.status, changed };
  }

  private async find(
    tenantId: string,
    kind: DocumentKind,
    id: string,
    action: LinkAction,
  ): Promise<DocumentRecord> {
    const document = await this.documents.find(this.documents.manager, tenantId, kind, id);
    // Links are signed for issued documents only, and accept/reject for offers only.
    if (!document || document.status === 'draft' || document.status === 'trashed') throw notFound('Link');
    if (action !== 'view' && kind !== 'offer') throw notFound('Link');
    return document;
  }

  private async today(tenantId: string): Promise<string> {
    return todayIn((await this.settings.get(tenantId)).timeZone, this.clock.now());
  }

  private page(document: DocumentRecord, action: LinkAction, today: string): LinkPageView {
    const status = document.kind === 'offer' ? currentStatus(document, today) : document.status;
    return {
      kind: document.kind,
      action,
      status,
      fullNumber: document.fullNumber,
      total: document.totals?.gross ?? '0.00',
      currency: document.currency,
      sellerName: document.seller?.legalName ?? null,
      buyerName: document.buyer.name,
      issueDate: document.issueDate,
      dueDate: document.dueDate,
      validUntil: document.validUntil,
      actionable: action !== 'view' && status === 'issued',
    };
  }
}
