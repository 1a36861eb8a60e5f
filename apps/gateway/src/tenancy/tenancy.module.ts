import { Module } from '@nestjs/common';
import { TenantsRepository } from './tenants.repository';

/** Tenants (seller companies): created by sign-up, read by /me. */
@Module({ providers: [TenantsRepository], exports: [TenantsRepository] })
export class TenancyModule {}
