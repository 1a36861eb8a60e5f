import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('treats bodies that differ only in key order as the same request', () => {
    const a = requestFingerprint('POST', '/api/v1/contacts', {
      type: 'company',
      name: 'ACME',
      address: { city: 'Cluj', country: 'RO' },
    });
    const b = requestFingerprint('POST', '/api/v1/contacts', {
      address: { country: 'RO', city: 'Cluj' },
      name: 'ACME',
      type: 'company',
    });
    expect(a).toBe(b);
  });

  it('tells apart another body, another path and another query', () => {
    const base = requestFingerprint('POST', '/api/v1/contacts', { name: 'ACME' });
    expect(requestFingerprint('POST', '/api/v1/contacts', { name: 'ACME 2' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/deals', { name: 'ACME' })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/contacts?x=1', { name: 'ACME' })).not.toBe(base);
  });

  it('keeps array order significant (lines are ordered)', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('tells apart uploads of different sizes', () => {
    const a = requestFingerprint('POST', '/api/v1/products/import', undefined, { contentLength: '10' });
    const b = requestFingerprint('POST', '/api/v1/products/import', undefined, { contentLength: '11' });
    expect(a).not.toBe(b);
  });
});
