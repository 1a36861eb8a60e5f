import { Module } from '@nestjs/common';
import { PlatformModule } from '@app/platform';
import { Contact } from './contacts/contact.entity';
import { ContactsModule } from './contacts/contacts.module';
import { Deal } from './deals/deal.entity';
import { DealsModule } from './deals/deals.module';
import { Initial1700000000000 } from './migrations/1700000000000-initial';

/** crm: contacts and deals of every tenant, answered over RPC, changes published through the outbox. */
@Module({
  imports: [
    PlatformModule.forService({
      service: 'crm',
      entities: [Contact, Deal],
      migrations: [Initial1700000000000],
    }),
    ContactsModule,
    DealsModule,
  ],
})
export class CrmModule {}
