import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sleep } from '../bench/lib/http';
import { contactBody, signUpTenant } from '../bench/lib/tenant';
import type { Drill, DrillResult } from './lib/types';
import { judged, skipped } from './lib/types';

const ANSWER_BAR_MS = 10_000;
const LATE_WAIT_MS = 10_000;

/**
 * A request to a stopped service answers 503/504 within the gateway's timeout, and is never
 * executed later when the service comes back (the request expired in the queue).
 */
export const stoppedServiceDrill: Drill = {
  name: 'stopped-service',
  summary: 'POST /contacts while crm is stopped: 503/504 in time, and not created once crm is back',
  async run(context): Promise<DrillResult> {
    const { stack, http } = context;
    if (!stack.owned)
      return skipped('the drills did not start this stack, so they cannot stop crm (run with --start)');
    const tenant = await signUpTenant(http, 'drill-stopped');
    const name = `Drill stopped ${randomUUID()}`;
    let status: number | string;
    let elapsed: number;
    let found = -1;
    context.log('  stopping crm');
    await stack.stopService('crm', 'SIGKILL');
    try {
      const started = performance.now();
      const answer = await http
        .request('POST', '/api/v1/contacts', { ...contactBody(0), name }, tenant.headers, 30_000)
        .catch((error: Error) => ({ status: `error ${error.message}`, text: '' }));
      elapsed = performance.now() - started;
      status = answer.status;
    } finally {
      context.log('  starting crm again');
      await stack.startService('crm');
    }
    await sleep(LATE_WAIT_MS);
    const search = await http.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/contacts?search=${encodeURIComponent(name)}`,
      undefined,
      tenant.headers,
    );
    if (search.status === 200) found = search.body.items.length;
    // A control, so "found nothing" cannot come from a search that finds nothing at all.
    const control = `Drill control ${randomUUID()}`;
    await http.request('POST', '/api/v1/contacts', { ...contactBody(1), name: control }, tenant.headers);
    const controlSearch = await http.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/contacts?search=${encodeURIComponent(control)}`,
      undefined,
      tenant.headers,
    );
    const controlFound = controlSearch.status === 200 ? controlSearch.body.items.length : -1;
    return judged(
      [
        ['sent', 1],
        ['answer while crm was down', `${status} after ${Math.round(elapsed)} ms`],
        [
          `created after crm came back (+${LATE_WAIT_MS / 1000} s)`,
          found < 0 ? `search answered ${search.status}` : found,
        ],
      ],
      [
        {
          text: `503/504 within ${ANSWER_BAR_MS / 1000} s`,
          pass: (status === 503 || status === 504) && elapsed <= ANSWER_BAR_MS,
        },
        { text: 'not executed later', pass: found === 0 },
        { text: 'the same search finds a contact created while crm is up', pass: controlFound === 1 },
      ],
    );
  },
};
