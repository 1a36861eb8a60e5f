import type { LinkClaims } from '@app/contracts';
import { publicLinkUrl, signLinkToken, verifyLinkToken } from './link-token';

const SECRET = 'test-link-secret';
const NOW = new Date('2026-11-26T10:00:00Z');
const claims: LinkClaims = {
  v: 1,
  tid: '7d0b6f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  doc: '0f1e2d3c-4b5a-4968-8776-655443322110',
  kind: 'offer',
  act: 'accept',
  exp: Date.parse('2026-12-26T22:00:00Z') / 1000,
};

/** Re-encodes a token's claims with a change but keeps its signature, as a tamperer would. */
function edited(token: string, change: Partial<LinkClaims>): string {
  const [payload, mac] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  return `${Buffer.from(JSON.stringify({ ...decoded, ...change })).toString('base64url')}.${mac}`;
}

describe('public link tokens', () => {
  it('verifies what it signed, until it expires', () => {
    const token = signLinkToken(SECRET, claims);
    expect(verifyLinkToken(SECRET, token, NOW)).toEqual({ ok: true, claims });
    expect(verifyLinkToken(SECRET, token, new Date('2026-12-26T21:59:59Z')).ok).toBe(true);
    expect(verifyLinkToken(SECRET, token, new Date('2026-12-26T22:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token whose document, tenant, action or expiry was edited', () => {
    const token = signLinkToken(SECRET, claims);
    for (const change of [
      { doc: '11111111-2222-4333-8444-555555555555' },
      { tid: '11111111-2222-4333-8444-555555555555' },
      { act: 'reject' as const },
      { exp: claims.exp + 86_400 },
    ])
      expect(verifyLinkToken(SECRET, edited(token, change), NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('calls a forged token invalid even when it claims to be expired (signature first)', () => {
    const forged = signLinkToken('another-secret', {
      ...claims,
      exp: Date.parse('2026-01-01T00:00:00Z') / 1000,
    });
    expect(verifyLinkToken(SECRET, forged, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const expired = signLinkToken(SECRET, { ...claims, exp: Date.parse('2026-01-01T00:00:00Z') / 1000 });
    expect(verifyLinkToken(SECRET, expired, NOW)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed input without throwing', () => {
    const token = signLinkToken(SECRET, claims);
    for (const bad of [
      '',
      '.',
      'abc',
      `${token}.x`,
      token.slice(0, -2),
      `${token.split('.')[0]}.`,
      'ä.ö',
      'x'.repeat(5000),
    ])
      expect(verifyLinkToken(SECRET, bad, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const notClaims = `${Buffer.from('[1,2]').toString('base64url')}`;
    const signed = signLinkToken(SECRET, claims).replace(/^[^.]+/, notClaims);
    expect(verifyLinkToken(SECRET, signed, NOW).ok).toBe(false);
  });

  it('builds the URL an email carries', () => {
    expect(publicLinkUrl('https://billing.example/', 'abc.def')).toBe(
      'https://billing.example/api/v1/public/links/abc.def',
    );
  });
});
