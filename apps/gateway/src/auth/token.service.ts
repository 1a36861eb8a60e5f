import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { RpcCaller } from '@app/contracts';
import { APP_CONFIG, type AppConfig, Clock, DomainError } from '@app/platform';
import type { Role } from '../users/user';

export interface AccessToken {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn: number;
}

interface Claims {
  sub?: unknown;
  tid?: unknown;
  role?: unknown;
  exp?: unknown;
}

/** Tokens kept verified at most (a few MB); beyond that the oldest is checked again when it returns. */
const VERIFIED_CACHE_SIZE = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const invalidToken = (detail = 'The access token is missing, malformed or expired') =>
  new DomainError('UNAUTHORIZED', detail);

/**
 * Short-lived HS256 access tokens: `sub` the user, `tid` the tenant, `role`. Issue and check both
 * read the injected clock, so a stack started at CLOCK_NOW accepts the tokens it issues.
 */
@Injectable()
export class TokenService {
  /**
   * Made once: given the secret as a string, jsonwebtoken first tries to parse it as a public key
   * on every call, which cost about 0.3 ms per request (the gateway's largest single cost).
   */
  private readonly key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'jwtSecret' | 'jwtTtlSeconds'>,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  issue(user: { id: string; tenantId: string; role: Role }): AccessToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const expiresIn = this.config.jwtTtlSeconds;
    const accessToken = jwt.sign(
      { sub: user.id, tid: user.tenantId, role: user.role, iat, exp: iat + expiresIn },
      this.key,
      { algorithm: 'HS256' },
    );
    return { accessToken, expiresIn };
  }

  /**
   * Tokens already verified, by their exact text, with their expiry: a client sends the same token
   * on every request until it expires, and checking its signature again each time was a tenth of
   * the gateway's CPU. The text is the whole token, signature included, so a hit is a token whose
   * signature was checked; its expiry is checked on every use. Bounded; the oldest entry goes first.
   */
  private readonly verified = new Map<string, { caller: RpcCaller; exp: number }>();

  /** The caller a token names; throws 401 for anything but a valid, unexpired token of ours. */
  verify(token: string): RpcCaller {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (now < known.exp) return { ...known.caller };
      this.verified.delete(token);
    }
    const { caller, exp } = this.verifySignature(token, now);
    if (exp !== null) {
      if (this.verified.size >= VERIFIED_CACHE_SIZE) {
        const oldest = this.verified.keys().next();
        if (!oldest.done) this.verified.delete(oldest.value);
      }
      this.verified.set(token, { caller: { ...caller }, exp });
    }
    return caller;
  }

  private verifySignature(token: string, now: number): { caller: RpcCaller; exp: number | null } {
    let claims: Claims;
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        clockTimestamp: now,
      });
      if (typeof decoded === 'string') throw new Error('not a claims object');
      claims = decoded;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw invalidToken('The access token has expired');
      throw invalidToken();
    }
    const { sub, tid, role } = claims;
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof tid !== 'string' || !UUID.test(tid))
      throw invalidToken();
    if (role !== 'admin' && role !== 'member') throw invalidToken();
    // A token without `exp` is never cached (ours always carry one).
    const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp : null;
    return { caller: { tenantId: tid, userId: sub, role }, exp };
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1] : null;
}
