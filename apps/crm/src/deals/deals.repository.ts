import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PageKey } from '../shared/page-cursor';
import { Deal } from './deal.entity';

export interface DealListFilter {
  contactId?: string;
  after?: PageKey;
  /** Rows to fetch (the page size plus one, to tell whether another page follows). */
  take: number;
}

/** Every query of "crm".deals, each scoped to one tenant. */
@Injectable()
export class DealsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, deal: Deal): Promise<void> {
    await manager.insert(Deal, deal);
  }

  find(tenantId: string, id: string): Promise<Deal | null> {
    return this.dataSource.manager.findOneBy(Deal, { tenantId, id });
  }

  /**
   * Reads the deal and locks its row until the transaction ends: two updates of one deal run one
   * after the other, so only the first to move it to won sees a stage other than won.
   */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Deal | null> {
    return manager.findOne(Deal, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, deal: Deal): Promise<void> {
    // A deal keeps its contact: billing's draft for a won deal goes to the contact it was won with.
    await manager.update(
      Deal,
      { tenantId: deal.tenantId, id: deal.id },
      {
        title: deal.title,
        valueAmount: deal.valueAmount,
        valueCurrency: deal.valueCurrency,
        stage: deal.stage,
        updatedAt: deal.updatedAt,
      },
    );
  }

  async existsForContact(manager: EntityManager, tenantId: string, contactId: string): Promise<boolean> {
    return manager.existsBy(Deal, { tenantId, contactId });
  }

  list(tenantId: string, filter: DealListFilter): Promise<Deal[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(Deal, 'd')
      .where('d.tenant_id = :tenantId', { tenantId })
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(filter.take);
    if (filter.contactId) query.andWhere('d.contact_id = :contactId', { contactId: filter.contactId });
    if (filter.after)
      query.andWhere(
        '(d.created_at, d.id) > (CAST(:afterCreatedAt AS timestamptz), CAST(:afterId AS uuid))',
        {
          afterCreatedAt: filter.after.createdAt,
          afterId: filter.after.id,
        },
      );
    return query.getMany();
  }
}
