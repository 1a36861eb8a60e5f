import { randomUUID } from 'node:crypto';
import { type Body, request, signUp, type TestTenant } from '../support/api';

const PROBLEM = /^application\/problem\+json/;
const KINDS = ['invoices', 'proformas', 'offers'] as const;
type Kind = (typeof KINDS)[number];

const SECRET = 'Secretul Clientului';
const line = { name: `${SECRET} linie`, unit: 'h', quantity: '2', unitPrice: '100', vatRate: '21' };

interface Owned {
  draft: Body;
  issued: Body;
  trashed: Body;
}

/** Everything the owner has, read back: compared before and after the intruder's attempts. */
async function snapshot(owner: TestTenant, owned: Record<Kind, Owned>, productId: string): Promise<Body> {
  const read = async (path: string) => {
    const answer = await request('GET', path, { token: owner.token });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const documents: Body = {};
  for (const kind of KINDS)
    documents[kind] = {
      draft: await read(`/${kind}/${owned[kind].draft.id}`),
      issued: await read(`/${kind}/${owned[kind].issued.id}`),
      trashed: await read(`/${kind}/${owned[kind].trashed.id}`),
      list: (await read(`/${kind}`)).items.map((d: { id: string }) => d.id).sort(),
      trash: (await read(`/${kind}?status=trashed`)).items.map((d: { id: string }) => d.id).sort(),
    };
  return {
    documents,
    product: await read(`/products/${productId}`),
    products: (await read('/products?includeInactive=true')).items.length,
    settings: await read('/settings'),
  };
}

describe('billing tenancy: another tenant’s ids answer 404 on every route and change nothing', () => {
  let owner: TestTenant;
  let intruder: TestTenant;
  let contactId: string;
  let productId: string;
  let intruderDraft: Body;
  const owned = {} as Record<Kind, Owned>;

  beforeAll(async () => {
    [owner, intruder] = await Promise.all([signUp(), signUp()]);
    await request('PATCH', '/settings', {
      token: owner.token,
      body: {
        company: {
          legalName: 'Proprietar SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. Mare 1', city: 'Sibiu', country: 'RO' },
        },
      },
    });
    const contact = await request('POST', '/contacts', {
      token: owner.token,
      body: {
        type: 'company',
        name: `${SECRET} SRL`,
        vatId: 'RO14399840',
        address: { street: 'Str. Mică 2', city: 'Sibiu', country: 'RO' },
      },
    });
    contactId = contact.body.id;
    const product = await request('POST', '/products', {
      token: owner.token,
      body: { name: `${SECRET} produs`, type: 'product', unit: 'pcs', unitPrice: '10', vatRate: '21' },
    });
    expect(product.status).toBe(201);
    productId = product.body.id;

    for (const kind of KINDS) {
      const create = async () => {
        const answer = await request('POST', `/${kind}`, {
          token: owner.token,
          body: { contactId, lines: [line] },
        });
        expect(answer.status).toBe(201);
        return answer.body;
      };
      const [draft, toIssue, toTrash] = [await create(), await create(), await create()];
      const issued = await request('POST', `/${kind}/${toIssue.id}/issue`, { token: owner.token, body: {} });
      expect(issued.status).toBe(200);
      expect((await request('DELETE', `/${kind}/${toTrash.id}`, { token: owner.token })).status).toBe(204);
      owned[kind] = { draft, issued: issued.body, trashed: toTrash };
    }

    const intruderContact = await request('POST', '/contacts', {
      token: intruder.token,
      body: { type: 'person', name: 'Intrus', address: { street: 'X 1', city: 'Cluj', country: 'RO' } },
    });
    const mine = await request('POST', '/invoices', {
      token: intruder.token,
      body: { contactId: intruderContact.body.id },
    });
    expect(mine.status).toBe(201);
    intruderDraft = mine.body;
  });

  /** Every billing route that takes an id, for every document of the owner it applies to. */
  function attempts(): Array<[string, string, object | undefined]> {
    const list: Array<[string, string, object | undefined]> = [
      ['GET', `/products/${productId}`, undefined],
      ['PATCH', `/products/${productId}`, { unitPrice: '0.01', name: 'Hijacked' }],
      ['DELETE', `/products/${productId}`, undefined],
    ];
    for (const kind of KINDS)
      for (const document of [owned[kind].draft, owned[kind].issued, owned[kind].trashed]) {
        const id = document.id;
        const lineId = document.lines[0].id;
        list.push(
          ['GET', `/${kind}/${id}`, undefined],
          ['PATCH', `/${kind}/${id}`, { name: 'Hijacked' }],
          ['PATCH', `/${kind}/${id}`, { notes: 'Hijacked' }],
          ['POST', `/${kind}/${id}/lines`, { name: 'Hijacked', unit: 'pcs', quantity: '1', unitPrice: '1' }],
          ['PATCH', `/${kind}/${id}/lines/${lineId}`, { quantity: '999' }],
          ['DELETE', `/${kind}/${id}/lines/${lineId}`, undefined],
          ['POST', `/${kind}/${id}/issue`, {}],
          ['POST', `/${kind}/${id}/copy`, undefined],
          ['DELETE', `/${kind}/${id}`, undefined],
          ['POST', `/${kind}/${id}/restore`, undefined],
        );
      }
    return list;
  }

  it('answers 404 problem+json, with no data, to every route', async () => {
    const before = await snapshot(owner, owned, productId);
    const wrong: string[] = [];
    for (const [method, path, body] of attempts()) {
      const answer = await request(method, path, { token: intruder.token, body });
      if (answer.status !== 404) wrong.push(`${method} ${path} → ${answer.status}`);
      else expect(answer.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(answer.body ?? '')).not.toContain(SECRET);
    }
    expect(wrong).toEqual([]);
    const after = await snapshot(owner, owned, productId);
    expect(after).toEqual(before);
  });

  it('lists none of the owner’s documents or products to the intruder', async () => {
    for (const kind of KINDS) {
      for (const query of ['', '?status=issued', '?status=trashed', `?contactId=${contactId}`]) {
        const answer = await request('GET', `/${kind}${query}`, { token: intruder.token });
        expect(answer.status).toBe(200);
        const expected = kind === 'invoices' && query === '' ? [intruderDraft.id] : [];
        expect(answer.body.items.map((d: { id: string }) => d.id)).toEqual(expected);
      }
    }
    const products = await request(
      'GET',
      `/products?includeInactive=true&search=${encodeURIComponent(SECRET)}`,
      {
        token: intruder.token,
      },
    );
    expect(products.body.items).toEqual([]);
  });

  it('refuses the owner’s contact or product inside the intruder’s own requests', async () => {
    const before = await snapshot(owner, owned, productId);
    // A foreign id in a body is answered exactly like an id that does not exist: 404, or 422
    // naming the field (billing's answer for an unknown reference), and never any of its data.
    const sameAsUnknown = async (path: string, body: Body, unknown: Body, field: string) => {
      const [foreign, missing] = await Promise.all([
        request('POST', path, { token: intruder.token, body }),
        request('POST', path, { token: intruder.token, body: unknown }),
      ]);
      expect([404, 422]).toContain(foreign.status);
      expect(foreign.status).toBe(missing.status);
      expect(foreign.body.detail).toBe(missing.body.detail);
      if (foreign.status === 422) expect(JSON.stringify(foreign.body.errors)).toContain(field);
      expect(JSON.stringify(foreign.body)).not.toContain(SECRET);
    };
    for (const kind of KINDS)
      await sameAsUnknown(`/${kind}`, { contactId }, { contactId: randomUUID() }, 'contactId');
    await sameAsUnknown(
      `/invoices/${intruderDraft.id}/lines`,
      { productId, quantity: '1' },
      { productId: randomUUID(), quantity: '1' },
      'productId',
    );
    const mine = await request('GET', `/invoices/${intruderDraft.id}`, { token: intruder.token });
    expect(mine.body.lines).toEqual([]);
    expect((await request('GET', '/invoices', { token: intruder.token })).body.items).toHaveLength(1);
    expect(await snapshot(owner, owned, productId)).toEqual(before);
  });

  it('does not mix kinds inside one tenant either: an invoice id is not an offer', async () => {
    const id = owned.invoices.draft.id;
    expect((await request('GET', `/offers/${id}`, { token: owner.token })).status).toBe(404);
    expect((await request('DELETE', `/proformas/${id}`, { token: owner.token })).status).toBe(404);
    expect((await request('GET', `/invoices/${id}`, { token: owner.token })).body.status).toBe('draft');
  });
});
