import jwt from 'jsonwebtoken';
import { DomainError, FixedClock } from '@app/platform';
import { bearerToken, TokenService } from './token.service';

const config = { jwtSecret: 'unit-test-secret', jwtTtlSeconds: 900 };
const user = {
  id: '4f1f6a1e-5a0e-4f43-9a53-8f5b0c1d2e3f',
  tenantId: '0b7c2c8e-1d8e-4b1a-9c55-2f3e4d5c6b7a',
  role: 'admin' as const,
};

function unauthorized(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('UNAUTHORIZED');
    return error as DomainError;
  }
  throw new Error('expected a 401');
}

describe('TokenService', () => {
  const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));
  const tokens = new TokenService(config, clock);

  it('gives back the tenant, user and role it signed', () => {
    const { accessToken, expiresIn } = tokens.issue(user);
    expect(expiresIn).toBe(900);
    expect(tokens.verify(accessToken)).toEqual({ tenantId: user.tenantId, userId: user.id, role: 'admin' });
  });

  it('refuses a token once its short life is over', () => {
    const { accessToken } = tokens.issue(user);
    const later = new TokenService(config, new FixedClock(new Date('2026-11-26T10:15:01Z')));
    expect(unauthorized(() => later.verify(accessToken)).message).toMatch(/expired/);
  });

  it('refuses a token it accepted before, once it has expired (the verified cache keeps expiry)', () => {
    const moving = new FixedClock(new Date('2026-11-26T10:00:00Z'));
    const service = new TokenService(config, moving);
    const { accessToken } = service.issue(user);
    expect(service.verify(accessToken).tenantId).toBe(user.tenantId);
    moving.advance(899_000);
    expect(service.verify(accessToken).tenantId).toBe(user.tenantId);
    moving.advance(1_000);
    expect(unauthorized(() => service.verify(accessToken)).message).toMatch(/expired/);
  });

  it('refuses a token differing from an accepted one in its signature only', () => {
    const service = new TokenService(config, clock);
    const { accessToken } = service.issue(user);
    service.verify(accessToken);
    const [header, payload, signature] = accessToken.split('.');
    const flipped = signature[3] === 'A' ? 'B' : 'A';
    const tampered = `${header}.${payload}.${signature.slice(0, 3)}${flipped}${signature.slice(4)}`;
    unauthorized(() => service.verify(tampered));
  });

  it('gives each caller its own copy of a remembered caller', () => {
    const service = new TokenService(config, clock);
    const { accessToken } = service.issue(user);
    const first = service.verify(accessToken);
    (first as { tenantId: string }).tenantId = 'changed';
    expect(service.verify(accessToken).tenantId).toBe(user.tenantId);
  });

  it('refuses a token signed with another secret', () => {
    const forged = new TokenService({ ...config, jwtSecret: 'someone-else' }, clock).issue(user);
    unauthorized(() => tokens.verify(forged.accessToken));
  });

  it('refuses a token whose payload was edited (another tenant)', () => {
    const [header, , signature] = tokens.issue(user).accessToken.split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: user.id, tid: '11111111-1111-4111-8111-111111111111', role: 'admin' }),
    ).toString('base64url');
    unauthorized(() => tokens.verify(`${header}.${payload}.${signature}`));
  });

  it('refuses the "none" algorithm', () => {
    const unsigned = jwt.sign({ sub: user.id, tid: user.tenantId, role: 'admin' }, '', { algorithm: 'none' });
    unauthorized(() => tokens.verify(unsigned));
  });

  it('refuses a validly signed token without our claims', () => {
    const iat = Math.floor(clock.now().getTime() / 1000);
    const odd = jwt.sign({ sub: user.id, role: 'owner', iat, exp: iat + 60 }, config.jwtSecret);
    unauthorized(() => tokens.verify(odd));
  });

  it('refuses garbage', () => {
    unauthorized(() => tokens.verify('not-a-token'));
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header in any letter case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
  });

  it('finds nothing in other schemes or empty headers', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});
