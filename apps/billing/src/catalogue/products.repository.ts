import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ProductType } from '@app/contracts';
import { Clock } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ProductEntity } from './product.entity';

export interface ProductSearch {
  search?: string;
  includeInactive: boolean;
  limit: number;
  /** lower(name) of the last product of the previous page. */
  after?: string;
}

/** A document line being saved to the catalogue (drafts: "save to catalogue"). */
export interface CatalogueLine {
  name: string;
  unit: string;
  unitPrice: string | null;
  vatRate: string;
  currency: string;
  type?: ProductType;
}

export interface UpsertOptions {
  /** A product of that name exists: take the line's unit, price, VAT rate and currency ('update'), or leave it ('keep'). */
  onExisting?: 'update' | 'keep';
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every query here filters by tenant: another tenant's product is simply not found. */
@Injectable()
export class ProductsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  findById(tenantId: string, id: string): Promise<ProductEntity | null> {
    return this.dataSource.manager.findOne(ProductEntity, { where: { tenantId, id } });
  }

  async insert(product: Omit<ProductEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<ProductEntity> {
    const now = this.clock.now();
    const entity: ProductEntity = { ...product, id: randomUUID(), createdAt: now, updatedAt: now };
    await this.dataSource.manager.insert(ProductEntity, entity);
    return entity;
  }

  async update(
    tenantId: string,
    id: string,
    changes: Partial<Omit<ProductEntity, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>>,
  ): Promise<ProductEntity | null> {
    const result = await this.dataSource.manager.update(
      ProductEntity,
      { tenantId, id },
      { ...changes, updatedAt: this.clock.now() },
    );
    return result.affected ? this.findById(tenantId, id) : null;
  }

  /** One page ordered by name (ignoring case), one more row than asked to know if a next page exists. */
  async search(
    tenantId: string,
    query: ProductSearch,
  ): Promise<Array<{ product: ProductEntity; sortKey: string }>> {
    const builder = this.dataSource.manager
      .createQueryBuilder(ProductEntity, 'p')
      .addSelect('lower(p.name)', 'sort_key')
      .where('p.tenant_id = :tenantId', { tenantId });
    if (!query.includeInactive) builder.andWhere('p.active');
    if (query.search?.trim())
      builder.andWhere('(p.name ILIKE :pattern OR p.code ILIKE :pattern)', {
        pattern: `%${escapeLike(query.search.trim())}%`,
      });
    if (query.after !== undefined) builder.andWhere('lower(p.name) > :after', { after: query.after });
    const { entities, raw } = await builder
      .orderBy('lower(p.name)')
      .limit(query.limit + 1)
      .getRawAndEntities<{ sort_key: string }>();
    return entities.map((product, index) => ({ product, sortKey: raw[index].sort_key }));
  }

  /**
   * Saves a document line to the catalogue in the caller's transaction, matched by name ignoring
   * case: creates the product, or (by default) updates the existing one with the line's terms.
   * The caller has already checked unit, currency and rate against the tenant's settings.
   */
  async upsertByName(
    manager: EntityManager,
    tenantId: string,
    line: CatalogueLine,
    options: UpsertOptions = {},
  ): Promise<{ id: string; created: boolean }> {
    const onConflict =
      options.onExisting === 'keep'
        ? 'DO NOTHING'
        : `DO UPDATE SET unit = EXCLUDED.unit, unit_price = EXCLUDED.unit_price, vat_rate = EXCLUDED.vat_rate,
             currency = EXCLUDED.currency, updated_at = EXCLUDED.updated_at`;
    const rows = await manager.query<Array<{ id: string; created: boolean }>>(
      `INSERT INTO billing.products (id, tenant_id, name, code, type, unit, product_group, currency, unit_price,
         vat_rate, active, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, $4, $5, NULL, $6, $7, $8, true, $9, $9)
       ON CONFLICT (tenant_id, lower(name)) ${onConflict}
       RETURNING id, (xmax = 0) AS created`,
      [
        randomUUID(),
        tenantId,
        line.name.trim(),
        line.type ?? 'product',
        line.unit,
        line.currency,
        line.unitPrice,
        line.vatRate,
        this.clock.now(),
      ],
    );
    if (rows.length) return rows[0];
    const existing = await manager.query<Array<{ id: string }>>(
      'SELECT id FROM billing.products WHERE tenant_id = $1 AND lower(name) = lower($2)',
      [tenantId, line.name.trim()],
    );
    return { id: existing[0].id, created: false };
  }
}
