import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` count as the same body. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What makes two requests "the same" for an Idempotency-Key: method, URL (with its query) and body.
 * A body the JSON parser did not read (an upload) is represented by its type and length.
 */
export function requestFingerprint(
  method: string,
  url: string,
  body: unknown,
  unparsed?: { contentType?: string; contentLength?: string },
): string {
  const hash = createHash('sha256').update(`${method.toUpperCase()} ${url}\n`);
  if (body !== undefined) hash.update(canonicalJson(body));
  else if (unparsed) hash.update(`${unparsed.contentType ?? ''};${unparsed.contentLength ?? ''}`);
  return hash.digest('hex');
}
