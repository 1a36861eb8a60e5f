import { Module } from '@nestjs/common';
import { PublicLinksController } from './public-links.controller';

/** The pages behind the signed links in emails (view, accept, reject): no account needed. */
@Module({ controllers: [PublicLinksController] })
export class PublicLinksModule {}
