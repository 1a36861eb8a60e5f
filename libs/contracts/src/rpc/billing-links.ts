import { IsIn, IsUUID } from 'class-validator';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  type DocumentRef,
  type DocumentStatus,
} from './billing-documents';

/**
 * Public links (API.md, "Public links"): what an email carries so its reader can view a document
 * or answer an offer without an account. Each link holds a signed, expiring token bound to one
 * tenant, one document and one action; the gateway checks the signature and the expiry and then
 * asks billing on behalf of the token's tenant.
 */

export const LINK_ACTIONS = ['view', 'accept', 'reject'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];
/** The actions a POST performs (view links only show). */
export const LINK_DECISIONS = ['accept', 'reject'] as const;
export type LinkDecision = (typeof LINK_DECISIONS)[number];

/**
 * What a link token says, version 1: tenant, document (kind and id), action, and expiry in seconds
 * since the epoch. Signed with HMAC-SHA256 under LINK_SECRET.
 */
export interface LinkClaims {
  v: 1;
  tid: string;
  doc: string;
  kind: DocumentKind;
  act: LinkAction;
  exp: number;
}

/** `billing.documents.links`: the signed tokens of a document's links (issued documents only). */
export interface LinkTokensView {
  view: string;
  /** Offers only. */
  accept?: string;
  reject?: string;
  /** When the tokens stop working (offers: the end of `validUntil` in the tenant's time zone). */
  expiresAt: string;
}

/** GET /{kind}/{id}/links: the links as an email carries them, full URLs. */
export interface DocumentLinksView {
  view: string;
  accept?: string;
  reject?: string;
  expiresAt: string;
}

/** The document behind a link, asked for on behalf of the token's tenant. */
export class LinkTarget {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsUUID() id!: string;
  @IsIn(LINK_ACTIONS) action!: LinkAction;
}

export class LinkDecisionRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsUUID() id!: string;
  @IsIn(LINK_DECISIONS) action!: LinkDecision;
}

/** What the public page shows: the document's number and total, who it is from and for. */
export interface LinkPageView {
  kind: DocumentKind;
  action: LinkAction;
  /** As it is now (an offer past its validity shows `expired` even before anyone wrote it). */
  status: DocumentStatus;
  fullNumber: string | null;
  total: string;
  currency: string;
  sellerName: string | null;
  buyerName: string;
  issueDate: string;
  dueDate: string | null;
  validUntil: string | null;
  /** True when the action can still be performed (an offer that is issued and not expired). */
  actionable: boolean;
}

/** The outcome of a POST: the page after the action, and whether this request changed anything. */
export interface LinkOutcomeView extends LinkPageView {
  changed: boolean;
}

export const BILLING_LINKS_RPC = {
  tokens: 'billing.documents.links',
  open: 'billing.links.open',
  decide: 'billing.links.decide',
} as const;

export interface BillingLinksRpcMap {
  'billing.documents.links': { request: DocumentRef; response: LinkTokensView };
  /** GET of a link: describes the document; a view link records `viewedAt` (first view only). */
  'billing.links.open': { request: LinkTarget; response: LinkPageView };
  /** POST of an accept or reject link: performs it once; again, the same outcome, `changed: false`. */
  'billing.links.decide': { request: LinkDecisionRequest; response: LinkOutcomeView };
}

/** Where the gateway serves public links: `${PUBLIC_URL}${PUBLIC_LINKS_PATH}/<token>`. */
export const PUBLIC_LINKS_PATH = '/api/v1/public/links';
