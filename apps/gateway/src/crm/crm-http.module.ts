import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { DealsController } from './deals.controller';

/** HTTP routes served by crm: contacts and deals. */
@Module({ controllers: [ContactsController, DealsController] })
export class CrmHttpModule {}
