import { type LinkClaims } from '@app/contracts';
import { loadConfig, signLinkToken } from '@app/platform';
import { type Body, E2E_URL, request, signUp, type TestTenant } from './support/api';
import { EventSubscriber } from './support/events';
import { type ServiceHandle, E2E_PORT, startService } from './support/stack';

// Jest applies the default 5 s per test here (testTimeout is not a per-project option).
jest.setTimeout(90_000);
const HTML = /^text\/html/;
const PROBLEM = /^application\/problem\+json/;
const line = {
  name: 'Audit',
  unit: 'service',
  quantity: '2',
  unitPrice: '500',
  vatRate: '21',
  saveToCatalogue: false,
};
// The secret the test stack runs with (the development default unless LINK_SECRET is set).
const LINK_SECRET = loadConfig('gateway').linkSecret;

/** Where a link from an email points, on this test stack's gateway (or another one's). */
const onGateway = (url: string, base = E2E_URL) => `${base}${new URL(url).pathname}`;

/** Like a mail client's browser: asks for HTML. */
const browse = (method: 'GET' | 'POST', url: string, base?: string) =>
  request(method, onGateway(url, base), { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

function claimsOf(url: string): LinkClaims & Record<string, unknown> {
  const token = new URL(url).pathname.split('/').pop()!;
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

/** The same link with its claims edited and its signature kept, as a tamperer would make it. */
function edited(url: string, change: Partial<LinkClaims>): string {
  const [payload, mac] = new URL(url).pathname.split('/').pop()!.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...change };
  return `${E2E_URL}/api/v1/public/links/${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
}

const signed = (claims: LinkClaims) => `${E2E_URL}/api/v1/public/links/${signLinkToken(LINK_SECRET, claims)}`;

/** An offer answered through the links of its email, driven like a mail client: GET, then POST. */
describe('public links: view, accept and reject an offer without an account', () => {
  let owner: TestTenant;
  let other: TestTenant;
  let events: EventSubscriber;

  const call = (tenant: TestTenant, method: string, path: string, body?: unknown) =>
    request(method, path, { token: tenant.token, body });

  async function issuedOffer(tenant: TestTenant, validUntil?: string): Promise<{ offer: Body; links: Body }> {
    const contact = await call(tenant, 'POST', '/contacts', {
      type: 'company',
      name: 'Client <b>SRL</b>',
      email: 'client@example.com',
      vatId: 'RO14399840',
      address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
    });
    const draft = await call(tenant, 'POST', '/offers', {
      contactId: contact.body.id,
      lines: [line],
      ...(validUntil ? { validUntil } : {}),
    });
    expect(draft.status).toBe(201);
    const offer = await call(tenant, 'POST', `/offers/${draft.body.id}/issue`, {});
    expect(offer.status).toBe(200);
    const links = await call(tenant, 'GET', `/offers/${offer.body.id}/links`);
    expect(links.status).toBe(200);
    return { offer: offer.body, links: links.body };
  }

  const status = async (tenant: TestTenant, id: string) => (await call(tenant, 'GET', `/offers/${id}`)).body;

  beforeAll(async () => {
    events = await EventSubscriber.start('billing.offer.*');
    [owner, other] = await Promise.all([signUp(), signUp()]);
    for (const tenant of [owner, other])
      await call(tenant, 'PATCH', '/settings', {
        company: {
          legalName: 'Furnizor SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. Mare 1', city: 'Sibiu', country: 'RO' },
        },
      });
  });
  afterAll(async () => {
    await events?.stop();
  });

  it('gives view, accept and reject links bound to the tenant, the offer and the action; drafts have none', async () => {
    const { offer, links } = await issuedOffer(owner);
    expect(links).toEqual({
      view: expect.stringMatching(/\/api\/v1\/public\/links\/[\w-]+\.[\w-]+$/),
      accept: expect.any(String),
      reject: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(claimsOf(links.accept)).toMatchObject({
      v: 1,
      tid: owner.tenantId,
      doc: offer.id,
      kind: 'offer',
      act: 'accept',
    });
    const draft = await call(owner, 'POST', '/offers', { contactId: offer.contactId, lines: [line] });
    expect((await call(owner, 'GET', `/offers/${draft.body.id}/links`)).status).toBe(409);
    expect((await call(other, 'GET', `/offers/${offer.id}/links`)).status).toBe(404);
  });

  it('GET shows the offer and changes nothing; POST accepts it once; a replay answers 200 without a second event', async () => {
    const { offer, links } = await issuedOffer(owner);
    // A mail scanner (or the reader) opens the accept link: a page with a button, no change.
    const page = await browse('GET', links.accept);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(HTML);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-security-policy']).toBeDefined();
    expect(page.body).toContain(offer.fullNumber);
    expect(page.body).toContain('1210.00 RON');
    expect(page.body).toContain('<form method="post">');
    // The buyer's name is shown escaped, never as markup.
    expect(page.body).toContain('Client &lt;b&gt;SRL&lt;/b&gt;');
    expect(page.body).not.toContain('<b>SRL</b>');
    expect(await status(owner, offer.id)).toMatchObject({ status: 'issued', viewedAt: null });

    const accepted = await browse('POST', links.accept);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toContain('accepted');
    expect((await status(owner, offer.id)).status).toBe('accepted');
    const replay = await browse('POST', links.accept);
    expect(replay.status).toBe(200);
    expect(replay.body).toContain('already accepted');
    // The other answer no longer fits: 409, and nothing changes.
    const reject = await browse('POST', links.reject);
    expect(reject.status).toBe(409);
    expect(reject.headers['content-type']).toMatch(HTML);
    expect((await request('POST', onGateway(links.reject))).headers['content-type']).toMatch(PROBLEM);
    expect((await status(owner, offer.id)).status).toBe('accepted');
    const accepts = await events.of(owner.tenantId, 'billing.offer.accepted');
    expect(accepts.map((event) => event.data)).toEqual([{ documentId: offer.id }]);
  });

  it('records viewedAt for the view link only, once, and serves the PDF', async () => {
    const { offer, links } = await issuedOffer(owner);
    await browse('GET', links.reject);
    expect((await status(owner, offer.id)).viewedAt).toBeNull();
    const view = await browse('GET', links.view);
    expect(view.status).toBe(200);
    expect(view.body).toContain('/pdf');
    const viewedAt = (await status(owner, offer.id)).viewedAt;
    expect(viewedAt).toEqual(expect.any(String));
    await browse('GET', links.view);
    expect(await status(owner, offer.id)).toMatchObject({ status: 'issued', viewedAt });
    // A view link has nothing to confirm.
    expect((await browse('POST', links.view)).status).toBe(409);
    // The same file the signed-in route serves. (Compared rather than assumed: on a broker shared
    // by several test stacks, another stack's documents service may have rendered it elsewhere.)
    const signedIn = await call(owner, 'GET', `/offers/${offer.id}/pdf`);
    const pdf = await request('GET', `${onGateway(links.view)}/pdf`);
    expect(pdf.status).toBe(signedIn.status);
    if (signedIn.status === 200) {
      expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      expect(Buffer.compare(pdf.body, signedIn.body)).toBe(0);
    }
    expect((await request('GET', `${onGateway(links.accept)}/pdf`)).status).toBe(404);
    expect((await status(owner, offer.id)).status).toBe('issued');
  });

  it('answers 404 to a tampered or unknown token and changes nothing', async () => {
    const { offer, links } = await issuedOffer(owner);
    const { offer: second } = await issuedOffer(owner);
    // Pointed at another offer of the same tenant, signature kept: 404.
    const retargeted = edited(links.accept, { doc: second.id });
    expect((await request('POST', retargeted)).status).toBe(404);
    // Turned from reject into accept: 404.
    expect((await request('POST', edited(links.reject, { act: 'accept' }))).status).toBe(404);
    // One character of the signature changed: not the last one, whose low bits base64url ignores
    // (A, B, C and D there decode to the same bytes, so such a "change" changes nothing).
    const token = new URL(links.accept).pathname.split('/').pop()!;
    const at = token.length - 5;
    const flipped = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    const page = await request('GET', `${E2E_URL}/api/v1/public/links/${flipped}`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(HTML);
    const problem = await request('POST', `${E2E_URL}/api/v1/public/links/not-a-token`);
    expect(problem.status).toBe(404);
    expect(problem.headers['content-type']).toMatch(PROBLEM);
    expect((await status(owner, offer.id)).status).toBe('issued');
    expect((await status(owner, second.id)).status).toBe('issued');
  });

  it('keeps a foreign token to its own tenant and document', async () => {
    const { offer: mine } = await issuedOffer(owner);
    const { offer: theirs, links: theirLinks } = await issuedOffer(other);
    // Another tenant's valid link acts on that tenant's offer, never on ours.
    expect((await browse('POST', theirLinks.accept)).status).toBe(200);
    expect((await status(other, theirs.id)).status).toBe('accepted');
    expect((await status(owner, mine.id)).status).toBe('issued');
    // A correctly signed token naming our offer under the other tenant finds nothing there: 404.
    const crossed = signed({ ...(claimsOf(theirLinks.accept) as LinkClaims), doc: mine.id });
    expect((await request('GET', crossed)).status).toBe(404);
    expect((await request('POST', crossed)).status).toBe(404);
    expect((await status(owner, mine.id)).status).toBe('issued');
  });

  describe('expired links', () => {
    let future: ServiceHandle | undefined;
    const port = E2E_PORT + 47;
    afterAll(async () => {
      await future?.stop();
    });

    it('answers 410 once a link has expired, and a forged "expired" token 404; nothing changes', async () => {
      const { offer, links } = await issuedOffer(owner);
      const claims = claimsOf(links.accept) as LinkClaims;
      const past = Math.floor(Date.now() / 1000) - 60;
      expect((await request('POST', signed({ ...claims, exp: past }))).status).toBe(410);
      const forged = `${E2E_URL}/api/v1/public/links/${signLinkToken('not-our-secret', { ...claims, exp: past })}`;
      expect((await request('POST', forged)).status).toBe(404);

      // The real link, opened after its offer's validity on a gateway whose clock is past it.
      future = await startService('gateway', { PORT: String(port), CLOCK_NOW: '2031-01-01T00:00:00Z' });
      const base = `http://127.0.0.1:${port}`;
      const gone = await browse('POST', links.accept, base);
      expect(gone.status).toBe(410);
      expect(gone.headers['content-type']).toMatch(HTML);
      expect((await browse('GET', links.view, base)).status).toBe(410);
      expect((await status(owner, offer.id)).status).toBe('issued');
      // The same link still works on today's clock.
      expect((await browse('GET', links.accept)).status).toBe(200);
    });
  });
});
