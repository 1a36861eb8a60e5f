import { decodeCursor, encodeCursor, pageSize, toPage } from './page-cursor';

describe('page cursor', () => {
  const key = { createdAt: new Date('2025-03-01T10:00:00.123Z'), id: '3f0c1d1e-6d1a-4c4b-9a8e-0a1b2c3d4e5f' };

  it('reads back exactly the key it was made from', () => {
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });

  it('is opaque and URL-safe', () => {
    expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('refuses %j with 400 naming the cursor', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });

  it('defaults the page size to 50 and caps it at 200', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize(7)).toBe(7);
    expect(pageSize(1000)).toBe(200);
  });

  it('points at the next page only when a row beyond the page was fetched', () => {
    const rows = [1, 2, 3].map((n) => ({ ...key, id: `${n}`, n }));
    expect(toPage(rows, 2, (r) => r.n)).toEqual({ items: [1, 2], nextCursor: encodeCursor(rows[1]) });
    expect(toPage(rows, 3, (r) => r.n)).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
