import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  type ContactView,
  CreateContactDto,
  IdParam,
  ListContactsQuery,
  type Page,
  type RpcCaller,
  UpdateContactRequest,
} from '@app/contracts';
import { Clock, Outbox, RpcHandler, conflict, notFound } from '@app/platform';
import { PG, pgErrorCode, rethrowAsBadInput } from '../shared/database-errors';
import { decodeCursor, pageSize, toPage } from '../shared/page-cursor';
import { tenantIdOf } from '../shared/tenant';
import { applyContactChanges, newContact } from './contact-changes';
import { ContactDeletionPolicy } from './contact-deletion.policy';
import { toContactView } from './contact.view';
import { ContactsRepository } from './contacts.repository';

/**
 * crm.contacts.*: every call scoped to the caller's tenant; another tenant's contact is "not
 * found". Each change and its event are written in one transaction (the outbox publishes later).
 */
@Injectable()
export class ContactsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsRepository,
    private readonly deletionPolicy: ContactDeletionPolicy,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  @RpcHandler('crm.contacts.create', CreateContactDto)
  async create(dto: CreateContactDto, caller: RpcCaller): Promise<ContactView> {
    const tenantId = tenantIdOf(caller);
    const contact = newContact(tenantId, randomUUID(), this.clock.now(), dto);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.contacts.insert(manager, contact);
        const view = toContactView(contact);
        await this.outbox.add(manager, tenantId, 'crm.contact.created', { contact: view });
        return view;
      });
    } catch (error) {
      rethrowAsBadInput(error, dto);
    }
  }

  @RpcHandler('crm.contacts.get', IdParam)
  async get({ id }: IdParam, caller: RpcCaller): Promise<ContactView> {
    const contact = await this.contacts.find(tenantIdOf(caller), id);
    if (!contact) throw notFound('Contact');
    return toContactView(contact);
  }

  @RpcHandler('crm.contacts.list', ListContactsQuery)
  async list(query: ListContactsQuery, caller: RpcCaller): Promise<Page<ContactView>> {
    const size = pageSize(query.limit);
    const rows = await this.contacts.list(tenantIdOf(caller), {
      search: query.search,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      take: size + 1,
    });
    return toPage(rows, size, toContactView);
  }

  /**
   * Locks the row before merging, so two PATCHes of one contact never lose each other's fields.
   * A PATCH that changes nothing saves nothing and publishes nothing.
   */
  @RpcHandler('crm.contacts.update', UpdateContactRequest)
  async update({ id, changes }: UpdateContactRequest, caller: RpcCaller): Promise<ContactView> {
    const tenantId = tenantIdOf(caller);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const contact = await this.contacts.findForUpdate(manager, tenantId, id);
        if (!contact) throw notFound('Contact');
        const changed = applyContactChanges(contact, changes, this.clock.now());
        const view = toContactView(contact);
        if (changed.length === 0) return view;
        await this.contacts.update(manager, contact);
        await this.outbox.add(manager, tenantId, 'crm.contact.updated', { contact: view });
        return view;
      });
    } catch (error) {
      rethrowAsBadInput(error, { changes });
    }
  }

  /**
   * A real delete: nothing else in crm points at a contact without deals, and billing keeps its
   * own copy of the buyer on every document, so no history is lost. No event is published: the
   * contract (API.md) has none for it.
   */
  @RpcHandler('crm.contacts.delete', IdParam)
  async delete({ id }: IdParam, caller: RpcCaller): Promise<{ deleted: true }> {
    const tenantId = tenantIdOf(caller);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const contact = await this.contacts.findForUpdate(manager, tenantId, id);
        if (!contact) throw notFound('Contact');
        await this.deletionPolicy.assertDeletable(manager, tenantId, id);
        await this.contacts.delete(manager, tenantId, id);
        return { deleted: true as const };
      });
    } catch (error) {
      // The foreign key of deals, should a deal have slipped in past the policy.
      if (pgErrorCode(error) === PG.foreignKeyViolation)
        throw conflict('The contact has deals; it cannot be deleted');
      throw error;
    }
  }
}
