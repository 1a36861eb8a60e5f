import { randomUUID } from 'node:crypto';
import type { CreateProductDto, RpcCaller } from '@app/contracts';
import { newTenant, startBilling, type BillingTestApp } from '../../test/billing-test-app';
import { ProductsRepository } from './products.repository';

describe('product catalogue over RPC', () => {
  let billing: BillingTestApp;
  beforeAll(async () => {
    billing = await startBilling();
  });
  afterAll(async () => {
    await billing?.close();
  });

  const create = (caller: RpcCaller, body: Record<string, unknown>) =>
    billing.rpc.send(
      'billing.products.create',
      { type: 'product', unit: 'pcs', ...body } as CreateProductDto,
      caller,
    );
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as { code: string; errors?: Array<{ path: string; message: string }> },
    );

  it('creates a product with the tenant defaults, reads, changes and deactivates it', async () => {
    const { member } = newTenant();
    const created = await create(member, {
      name: 'Website hosting',
      type: 'service',
      unit: 'service',
      unitPrice: '12.5',
    });
    expect(created).toMatchObject({
      name: 'Website hosting',
      code: null,
      type: 'service',
      unit: 'service',
      group: null,
      currency: 'RON',
      unitPrice: '12.50',
      vatRate: '21',
      active: true,
    });
    expect(await billing.rpc.send('billing.products.get', { id: created.id }, member)).toEqual(created);

    const changed = await billing.rpc.send(
      'billing.products.update',
      { id: created.id, changes: { unitPrice: '0.3355', vatRate: '11', group: 'Hosting', code: 'HOST-1' } },
      member,
    );
    expect(changed).toMatchObject({ unitPrice: '0.3355', vatRate: '11', group: 'Hosting', code: 'HOST-1' });

    const removed = await billing.rpc.send('billing.products.deactivate', { id: created.id }, member);
    expect(removed.active).toBe(false);
    const list = await billing.rpc.send('billing.products.list', {}, member);
    expect(list.items).toEqual([]);
    const all = await billing.rpc.send('billing.products.list', { includeInactive: true }, member);
    expect(all.items.map((p) => p.id)).toEqual([created.id]);
  });

  it('refuses a second product with the same name in another case (409)', async () => {
    const { member } = newTenant();
    await create(member, { name: 'Consulting hour', code: 'C1' });
    expect(await failure(create(member, { name: 'CONSULTING HOUR' }))).toMatchObject({
      code: 'CONFLICT',
      errors: [expect.objectContaining({ path: 'name' })],
    });
    expect(await failure(create(member, { name: 'Other', code: 'c1' }))).toMatchObject({
      code: 'CONFLICT',
      errors: [expect.objectContaining({ path: 'code' })],
    });
    // Renaming onto an existing name is the same conflict.
    const other = await create(member, { name: 'Audit' });
    expect(
      await failure(
        billing.rpc.send(
          'billing.products.update',
          { id: other.id, changes: { name: 'consulting HOUR' } },
          member,
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
  });

  it('lets another tenant use the same name', async () => {
    await create(newTenant().member, { name: 'Shared name' });
    await expect(create(newTenant().member, { name: 'Shared name' })).resolves.toMatchObject({
      name: 'Shared name',
    });
  });

  it('answers 422 listing unit, currency and VAT rate the settings do not allow', async () => {
    const { member } = newTenant();
    const error = await failure(
      create(member, { name: 'Crate', unit: 'crate', currency: 'USD', vatRate: '19' }),
    );
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.errors!.map((e) => e.path).sort()).toEqual(['currency', 'unit', 'vatRate']);
  });

  it('answers 400 for a malformed price, a negative one, or an unknown field', async () => {
    const { member } = newTenant();
    for (const body of [
      { name: 'A', unitPrice: '1.23456' },
      { name: 'B', unitPrice: '-1' },
      { name: 'C', unitPrice: 12 },
      { name: 'D', active: false, stock: 4 },
    ])
      expect(await failure(create(member, body))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers 404 for another tenant’s product, whatever the call', async () => {
    const owner = newTenant().member;
    const stranger = newTenant().member;
    const product = await create(owner, { name: 'Private thing' });
    for (const call of [
      billing.rpc.send('billing.products.get', { id: product.id }, stranger),
      billing.rpc.send('billing.products.update', { id: product.id, changes: { name: 'Mine' } }, stranger),
      billing.rpc.send('billing.products.deactivate', { id: product.id }, stranger),
      billing.rpc.send('billing.products.get', { id: randomUUID() }, owner),
    ])
      expect(await failure(call)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await billing.rpc.send('billing.products.get', { id: product.id }, owner)).toMatchObject({
      name: 'Private thing',
      active: true,
    });
  });

  it('searches by name or code ignoring case, and pages through the list by cursor', async () => {
    const { member } = newTenant();
    for (const name of ['Beta widget', 'alpha widget', 'Gamma gadget', 'Delta widget', '100% wool'])
      await create(member, { name, code: name === 'Gamma gadget' ? 'WID-9' : undefined });
    const found = await billing.rpc.send('billing.products.list', { search: 'WIDGET' }, member);
    expect(found.items.map((p) => p.name)).toEqual(['alpha widget', 'Beta widget', 'Delta widget']);
    const byCode = await billing.rpc.send('billing.products.list', { search: 'wid-' }, member);
    expect(byCode.items.map((p) => p.name)).toEqual(['Gamma gadget']);
    // "%" is a character to find, not a wildcard.
    const percent = await billing.rpc.send('billing.products.list', { search: '%' }, member);
    expect(percent.items.map((p) => p.name)).toEqual(['100% wool']);

    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await billing.rpc.send('billing.products.list', { limit: 2, cursor }, member);
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(names).toEqual(['100% wool', 'alpha widget', 'Beta widget', 'Delta widget', 'Gamma gadget']);
    expect(
      await failure(billing.rpc.send('billing.products.list', { cursor: 'nonsense' }, member)),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('offers only 0 % to a tenant that is not VAT registered', async () => {
    const { admin } = newTenant();
    await billing.rpc.send('billing.settings.update', { vatRegistered: false }, admin);
    expect((await create(admin, { name: 'Exempt service' })).vatRate).toBe('0');
    expect(await failure(create(admin, { name: 'Taxed', vatRate: '21' }))).toMatchObject({
      code: 'UNPROCESSABLE',
      errors: [expect.objectContaining({ path: 'vatRate' })],
    });
  });

  it('saves a document line to the catalogue by name, ignoring case (upsertByName)', async () => {
    const { member } = newTenant();
    const repository = billing.app.get(ProductsRepository);
    const line = { name: 'Design work', unit: 'h', unitPrice: '50', vatRate: '21', currency: 'RON' };
    const first = await billing.dataSource.transaction((m) =>
      repository.upsertByName(m, member.tenantId, line),
    );
    expect(first.created).toBe(true);
    const second = await billing.dataSource.transaction((m) =>
      repository.upsertByName(m, member.tenantId, { ...line, name: 'DESIGN WORK', unitPrice: '55.5' }),
    );
    expect(second).toEqual({ id: first.id, created: false });
    const kept = await billing.dataSource.transaction((m) =>
      repository.upsertByName(m, member.tenantId, { ...line, unitPrice: '1' }, { onExisting: 'keep' }),
    );
    expect(kept).toEqual({ id: first.id, created: false });
    expect(await billing.rpc.send('billing.products.get', { id: first.id }, member)).toMatchObject({
      name: 'Design work',
      unit: 'h',
      unitPrice: '55.50',
      vatRate: '21',
    });
  });
});
