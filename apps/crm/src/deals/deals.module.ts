import { Module } from '@nestjs/common';
import { DealsHandler } from './deals.handler';
import { DealsRepository } from './deals.repository';

/** Deals: CRUD over RPC and `crm.deal.won`. Exports its repository for the contact deletion rule. */
@Module({
  providers: [DealsRepository, DealsHandler],
  exports: [DealsRepository],
})
export class DealsModule {}
