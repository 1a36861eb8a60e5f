import { randomUUID } from 'node:crypto';
import { type HttpAnswer, type HttpClient, sleep } from './http';
import { signUpTenant, type Tenant } from './tenant';

/** A tenant ready to issue: full company details and one buyer with a full address and an email. */
export interface BillingTenant extends Tenant {
  contactId: string;
  /** The buyer's email (the default recipient of a sent invoice). */
  buyerEmail: string;
}

/** Runs `work` for every index with at most `concurrency` in flight; results in index order. */
export async function mapConcurrent<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}

function expect(answer: { status: number; text: string }, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status} (expected ${status}): ${answer.text.slice(0, 300)}`);
}

/** Signs up a tenant, fills in the company details compliance wants, and creates one buyer. */
export async function setUpBillingTenant(
  client: HttpClient,
  label: string,
  settings: Record<string, unknown> = {},
): Promise<BillingTenant> {
  const tenant = await signUpTenant(client, label);
  const patched = await client.request(
    'PATCH',
    '/api/v1/settings',
    {
      company: {
        legalName: 'Atelierul de Software Științific SRL',
        vatId: 'RO18547290',
        registrationNumber: 'J40/1234/2020',
        address: {
          street: 'Str. Lalelelor 12',
          city: 'București',
          region: 'Sector 1',
          postalCode: '010101',
          country: 'RO',
        },
        bankName: 'Banca Transilvania',
        iban: 'RO49AAAA1B31007593840000',
        email: 'facturi@atelier.example',
        phone: '+40 21 000 0000',
      },
      ...settings,
    },
    tenant.headers,
  );
  expect(patched, 200, 'PATCH /settings');
  const buyerEmail = `buyer-${randomUUID().slice(0, 8)}@client.example.com`;
  const contact = await client.request<{ id: string }>(
    'POST',
    '/api/v1/contacts',
    {
      type: 'company',
      name: 'Ștefan Țărănescu SRL',
      email: buyerEmail,
      phone: '+40 721 000 000',
      vatId: 'RO14399840',
      registrationNumber: 'J12/345/2019',
      address: {
        street: 'Bd. Eroilor 3',
        city: 'Cluj-Napoca',
        region: 'Cluj',
        postalCode: '400129',
        country: 'RO',
      },
    },
    tenant.headers,
  );
  expect(contact, 201, 'POST /contacts');
  return { ...tenant, contactId: contact.body.id, buyerEmail };
}

/** `count` invoice lines with distinct names (as a real invoice has), 21 % VAT. */
export function invoiceLines(count: number, seed = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    name: `Servicii de dezvoltare și mentenanță, modulul ${seed + i + 1} (${WORDS[(seed + i) % WORDS.length]})`,
    unit: 'h',
    quantity: String(1 + (i % 7)),
    unitPrice: `${100 + (i % 13) * 7}.50`,
    vatRate: '21',
    saveToCatalogue: false,
  }));
}

const WORDS = ['analiză', 'proiectare', 'implementare', 'testare', 'documentație', 'instruire', 'suport'];

/**
 * Creates `count` invoice drafts for the tenant's buyer, `lines` lines each; returns their ids. A
 * 503/504 or a dropped connection is tried again (drills create drafts while a service restarts; a
 * retry after a lost answer may leave an extra draft, which nothing counts).
 */
export async function createDrafts(
  client: HttpClient,
  tenant: BillingTenant,
  count: number,
  lines = 1,
  concurrency = 16,
): Promise<string[]> {
  return mapConcurrent(count, concurrency, async (i) => {
    for (let attempt = 1; ; attempt++) {
      let answer: HttpAnswer<{ id: string }> | undefined;
      try {
        answer = await client.request<{ id: string }>(
          'POST',
          '/api/v1/invoices',
          { contactId: tenant.contactId, lines: invoiceLines(lines, i) },
          tenant.headers,
          60_000,
        );
      } catch (error) {
        if (attempt >= 5) throw error;
      }
      if (answer && (![503, 504].includes(answer.status) || attempt >= 5)) {
        expect(answer, 201, 'POST /invoices');
        return answer.body.id;
      }
      await sleep(500 * attempt);
    }
  });
}

/** The numbers of every issued (or later) invoice of the tenant, read back page by page. */
export async function issuedNumbers(client: HttpClient, tenant: Tenant): Promise<Map<string, number>> {
  const numbers = new Map<string, number>();
  let cursor: string | null = null;
  for (let page = 0; page < 10_000; page++) {
    const query: string = `/api/v1/invoices?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await client.request<{
      items: Array<{ id: string; status: string; number: number | null }>;
      nextCursor: string | null;
    }>('GET', query, undefined, tenant.headers, 60_000);
    expect(answer, 200, `GET ${query}`);
    for (const item of answer.body.items) if (item.number !== null) numbers.set(item.id, item.number);
    cursor = answer.body.nextCursor;
    if (!cursor) break;
  }
  return numbers;
}

/**
 * "numbers are exactly 1..N": sorted, every value once, no gap. Returns null when they are, else
 * what is wrong.
 */
export function gapFreeProblem(numbers: number[]): string | null {
  const sorted = [...numbers].sort((a, b) => a - b);
  const repeats = sorted.filter((n, i) => i > 0 && sorted[i - 1] === n);
  const missing: number[] = [];
  const seen = new Set(sorted);
  const max = sorted.length ? sorted[sorted.length - 1] : 0;
  for (let n = 1; n <= max && missing.length < 10; n++) if (!seen.has(n)) missing.push(n);
  if (!repeats.length && !missing.length) return null;
  return [
    repeats.length ? `repeated: ${[...new Set(repeats)].slice(0, 10).join(', ')}` : '',
    missing.length ? `missing: ${missing.join(', ')}${missing.length === 10 ? ', …' : ''}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
