import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CreateDealDto,
  type DealView,
  IdParam,
  ListDealsQuery,
  type Page,
  type RpcCaller,
  UpdateDealRequest,
} from '@app/contracts';
import { Clock, DomainError, Outbox, RpcHandler, notFound } from '@app/platform';
import { PG, pgConstraint, pgErrorCode, rethrowAsBadInput } from '../shared/database-errors';
import { decodeCursor, pageSize, toPage } from '../shared/page-cursor';
import { tenantIdOf } from '../shared/tenant';
import { applyDealChanges, entersWon, newDeal } from './deal-changes';
import { toDealView } from './deal.view';
import { DealsRepository } from './deals.repository';

/** crm.deals.*: every call scoped to the caller's tenant; another tenant's deal is "not found". */
@Injectable()
export class DealsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deals: DealsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /**
   * A contactId that names no contact of this tenant answers 404 with `errors[0].path ===
   * "contactId"`: another tenant's id is always 404 (SPEC, "Tenancy"), and the path lets a client
   * show it next to the field. The composite foreign key decides it, so a contact deleted
   * meanwhile is caught as well.
   */
  @RpcHandler('crm.deals.create', CreateDealDto)
  async create(dto: CreateDealDto, caller: RpcCaller): Promise<DealView> {
    const tenantId = tenantIdOf(caller);
    const deal = newDeal(tenantId, randomUUID(), this.clock.now(), dto);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.deals.insert(manager, deal);
        const view = toDealView(deal);
        if (entersWon(null, deal.stage))
          await this.outbox.add(manager, tenantId, 'crm.deal.won', { deal: view });
        return view;
      });
    } catch (error) {
      if (pgErrorCode(error) === PG.foreignKeyViolation && pgConstraint(error) === 'deals_contact_fk')
        throw new DomainError('NOT_FOUND', 'Contact not found', [
          { path: 'contactId', message: 'contactId must be an existing contact' },
        ]);
      rethrowAsBadInput(error, dto);
    }
  }

  @RpcHandler('crm.deals.get', IdParam)
  async get({ id }: IdParam, caller: RpcCaller): Promise<DealView> {
    const deal = await this.deals.find(tenantIdOf(caller), id);
    if (!deal) throw notFound('Deal');
    return toDealView(deal);
  }

  @RpcHandler('crm.deals.list', ListDealsQuery)
  async list(query: ListDealsQuery, caller: RpcCaller): Promise<Page<DealView>> {
    const size = pageSize(query.limit);
    const rows = await this.deals.list(tenantIdOf(caller), {
      contactId: query.contactId,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      take: size + 1,
    });
    return toPage(rows, size, toDealView);
  }

  /**
   * The row is locked before its stage is read, so of two concurrent updates that both set won,
   * exactly one sees the deal arrive in won and publishes `crm.deal.won`, in the same transaction.
   */
  @RpcHandler('crm.deals.update', UpdateDealRequest)
  async update({ id, changes }: UpdateDealRequest, caller: RpcCaller): Promise<DealView> {
    const tenantId = tenantIdOf(caller);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const deal = await this.deals.findForUpdate(manager, tenantId, id);
        if (!deal) throw notFound('Deal');
        const stageBefore = deal.stage;
        const changed = applyDealChanges(deal, changes, this.clock.now());
        const view = toDealView(deal);
        if (changed.length === 0) return view;
        await this.deals.update(manager, deal);
        if (entersWon(stageBefore, deal.stage))
          await this.outbox.add(manager, tenantId, 'crm.deal.won', { deal: view });
        return view;
      });
    } catch (error) {
      rethrowAsBadInput(error, { changes });
    }
  }
}
