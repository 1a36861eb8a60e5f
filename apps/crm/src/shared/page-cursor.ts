import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '@app/contracts';
import { badRequest } from '@app/platform';

/** The position of a row in a list ordered by (created_at, id): the last row of the previous page. */
export interface PageKey {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opaque to callers: base64url of the last key. Timestamps are written by this service from the
 * clock, which has millisecond precision, so the ISO form carries the stored value exactly.
 */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id]), 'utf8').toString('base64url');
}

/** Reads a cursor back; anything this service did not hand out is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): PageKey {
  const invalid = badRequest('The cursor is not valid', [
    { path: 'cursor', message: 'cursor must be a nextCursor returned by a previous page' },
  ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid;
  const [iso, id] = parsed as unknown[];
  if (typeof iso !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalid;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) throw invalid;
  return { createdAt, id };
}

export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/**
 * Builds a page from up to `size + 1` rows fetched in order: the extra row only tells that another
 * page exists, so the last page answers `nextCursor: null` instead of pointing at an empty page.
 */
export function toPage<TRow extends PageKey, TView>(
  rows: TRow[],
  size: number,
  view: (row: TRow) => TView,
): Page<TView> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    nextCursor: rows.length > size && last ? encodeCursor(last) : null,
  };
}
