import { Module } from '@nestjs/common';

/** HTTP routes served by billing: settings, products, documents. */
@Module({})
export class BillingHttpModule {}
