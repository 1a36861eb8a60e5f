import { createHmac, timingSafeEqual } from 'node:crypto';
import { DOCUMENT_KINDS, LINK_ACTIONS, PUBLIC_LINKS_PATH, type LinkClaims } from '@app/contracts';

/**
 * Public link tokens: `base64url(JSON claims) + "." + base64url(HMAC-SHA256(LINK_SECRET, first part))`.
 * Billing signs them, the gateway checks them; both read LINK_SECRET, nothing is stored. The claims
 * bind one tenant, one document and one action, and carry their own expiry.
 */

export type LinkTokenCheck =
  | { ok: true; claims: LinkClaims }
  /** `invalid`: not ours, tampered with, or malformed (404); `expired`: ours but too late (410). */
  | { ok: false; reason: 'invalid' | 'expired' };

const PART = /^[A-Za-z0-9_-]+$/;
/** Far more than a real token needs (about 250 characters); longer input is not even parsed. */
const MAX_TOKEN_LENGTH = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const mac = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(payload, 'utf8').digest();

export function signLinkToken(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      v: claims.v,
      tid: claims.tid,
      doc: claims.doc,
      kind: claims.kind,
      act: claims.act,
      exp: claims.exp,
    }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Checks the signature first (in constant time) and only then the expiry, so a forged token is
 * "invalid" whatever expiry it claims, and nothing about a token is believed before its MAC is.
 */
export function verifyLinkToken(secret: string, token: string, now: Date): LinkTokenCheck {
  const invalid: LinkTokenCheck = { ok: false, reason: 'invalid' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return invalid;
  const parts = token.split('.');
  if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) return invalid;
  const given = Buffer.from(parts[1], 'base64url');
  const expected = mac(secret, parts[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!isClaims(claims)) return invalid;
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The URL an email carries for a token. */
export const publicLinkUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}${PUBLIC_LINKS_PATH}/${token}`;

function isClaims(value: unknown): value is LinkClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    claims.v === 1 &&
    typeof claims.tid === 'string' &&
    UUID.test(claims.tid) &&
    typeof claims.doc === 'string' &&
    UUID.test(claims.doc) &&
    (DOCUMENT_KINDS as readonly unknown[]).includes(claims.kind) &&
    (LINK_ACTIONS as readonly unknown[]).includes(claims.act) &&
    Number.isSafeInteger(claims.exp)
  );
}
