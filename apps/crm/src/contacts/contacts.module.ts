import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { ContactDeletionPolicy } from './contact-deletion.policy';
import { ContactsHandler } from './contacts.handler';
import { ContactsRepository } from './contacts.repository';

/** Contacts: CRUD over RPC, `crm.contact.created` and `crm.contact.updated`. */
@Module({
  imports: [DealsModule],
  providers: [ContactsRepository, ContactDeletionPolicy, ContactsHandler],
})
export class ContactsModule {}
