import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PageKey } from '../shared/page-cursor';
import { containsPattern } from '../shared/search-pattern';
import { Contact } from './contact.entity';

/**
 * Must stay identical to the expression of the `contacts_search` trigram index (first migration),
 * or searches stop using the index.
 */
const SEARCH_EXPRESSION =
  "(c.name || chr(31) || coalesce(c.email, '') || chr(31) || coalesce(c.vat_id, '') || chr(31) || coalesce(c.registration_number, ''))";

export interface ContactListFilter {
  search?: string;
  after?: PageKey;
  /** Rows to fetch (the page size plus one, to tell whether another page follows). */
  take: number;
}

/** Every query of "crm".contacts, each scoped to one tenant. */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, contact: Contact): Promise<void> {
    await manager.insert(Contact, contact);
  }

  find(tenantId: string, id: string): Promise<Contact | null> {
    return this.dataSource.manager.findOneBy(Contact, { tenantId, id });
  }

  /** Reads the contact and locks its row until the transaction ends (read-modify-write, delete). */
  findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Contact | null> {
    return manager.findOne(Contact, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, contact: Contact): Promise<void> {
    // Keys and created_at never change; every other column is written as the handler left it.
    await manager.update(
      Contact,
      { tenantId: contact.tenantId, id: contact.id },
      {
        type: contact.type,
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        addressStreet: contact.addressStreet,
        addressCity: contact.addressCity,
        addressRegion: contact.addressRegion,
        addressPostalCode: contact.addressPostalCode,
        addressCountry: contact.addressCountry,
        vatId: contact.vatId,
        registrationNumber: contact.registrationNumber,
        notes: contact.notes,
        updatedAt: contact.updatedAt,
      },
    );
  }

  async delete(manager: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const result = await manager.delete(Contact, { tenantId, id });
    return (result.affected ?? 0) > 0;
  }

  list(tenantId: string, filter: ContactListFilter): Promise<Contact[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(Contact, 'c')
      .where('c.tenant_id = :tenantId', { tenantId })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(filter.take);
    if (filter.search)
      query.andWhere(`${SEARCH_EXPRESSION} ILIKE :pattern`, { pattern: containsPattern(filter.search) });
    if (filter.after)
      query.andWhere(
        '(c.created_at, c.id) > (CAST(:afterCreatedAt AS timestamptz), CAST(:afterId AS uuid))',
        {
          afterCreatedAt: filter.after.createdAt,
          afterId: filter.after.id,
        },
      );
    return query.getMany();
  }
}
