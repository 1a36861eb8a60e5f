import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HttpClient } from '../../bench/lib/http';
import { sleep } from '../../bench/lib/http';
import { contactBody } from '../../bench/lib/tenant';

export interface Shot {
  seq: number;
  name: string;
  /** ms since the stream started. */
  sentAt: number;
  answeredAt: number;
  status: number | 'error';
  id?: string;
  error?: string;
}

export interface StreamOptions {
  count: number;
  /** One request every `intervalMs` (open loop: a slow answer does not delay the next request). */
  intervalMs: number;
  timeoutMs?: number;
  prefix?: string;
}

/**
 * Creates contacts at a steady pace whatever the answers, as clients would while something
 * breaks; every answer is kept with its timing.
 */
export async function createStream(
  http: HttpClient,
  headers: Record<string, string>,
  options: StreamOptions,
): Promise<Shot[]> {
  const run = randomUUID().slice(0, 8);
  const prefix = options.prefix ?? 'Drill';
  const started = performance.now();
  const pending: Array<Promise<Shot>> = [];
  for (let seq = 0; seq < options.count; seq++) {
    const due = started + seq * options.intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const body = contactBody(seq, `${prefix} ${run}`);
    const name = String(body.name);
    const sentAt = performance.now() - started;
    pending.push(
      http
        .request<{ id?: string }>('POST', '/api/v1/contacts', body, headers, options.timeoutMs ?? 15_000)
        .then(
          (answer) => ({
            seq,
            name,
            sentAt,
            answeredAt: performance.now() - started,
            status: answer.status,
            id: answer.status === 201 ? answer.body.id : undefined,
            error: answer.status === 201 ? undefined : answer.text.slice(0, 200),
          }),
          (error: Error) => ({
            seq,
            name,
            sentAt,
            answeredAt: performance.now() - started,
            status: 'error' as const,
            error: error.message,
          }),
        ),
    );
  }
  return Promise.all(pending);
}

/** Every contact of the caller's tenant, page by page. */
export async function listAllContacts(
  http: HttpClient,
  headers: Record<string, string>,
): Promise<Array<{ id: string; name: string }>> {
  const all: Array<{ id: string; name: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string = `/api/v1/contacts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await http.request<{
      items: Array<{ id: string; name: string }>;
      nextCursor: string | null;
    }>('GET', query, undefined, headers);
    if (answer.status !== 200)
      throw new Error(`GET ${query} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    all.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (!cursor) break;
  }
  return all;
}

/** "201: 480, 503: 20" */
export function countByStatus(shots: Shot[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const shot of shots) counts.set(String(shot.status), (counts.get(String(shot.status)) ?? 0) + 1);
  return counts;
}

export function formatCounts(counts: Map<string, number>): string {
  if (counts.size === 0) return 'none';
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}
