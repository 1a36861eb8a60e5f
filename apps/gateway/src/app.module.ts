import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { PlatformModule } from '@app/platform';
import { AuthModule } from './auth/auth.module';
import { BillingHttpModule } from './billing/billing-http.module';
import { CrmHttpModule } from './crm/crm-http.module';
import { DocumentsHttpModule } from './documents/documents-http.module';
import { HealthModule } from './health/health.module';
import { GatewayValidationPipe } from './http/validation.pipe';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { Messaging1700000000000 } from './migrations/1700000000000-messaging';
import { TenantsUsers1700000001000 } from './migrations/1700000001000-tenants-users';
import { IdempotencyKeys1700000002000 } from './migrations/1700000002000-idempotency-keys';
import { ProblemFilter } from './problem/problem.filter';
import { PublicLinksModule } from './public-links/public-links.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { UsersModule } from './users/users.module';

export const GATEWAY_MIGRATIONS = [
  Messaging1700000000000,
  TenantsUsers1700000001000,
  IdempotencyKeys1700000002000,
];

/**
 * The only HTTP entry. Order per request: correlation id, security headers, body parser (main.ts),
 * then the auth guard, the idempotency interceptor, validation, the route (most ask a service over
 * RabbitMQ), and the problem+json filter for anything thrown on the way.
 */
@Module({
  imports: [
    PlatformModule.forService({ service: 'gateway', entities: [], migrations: GATEWAY_MIGRATIONS }),
    TenancyModule,
    UsersModule,
    AuthModule,
    IdempotencyModule,
    HealthModule,
    CrmHttpModule,
    BillingHttpModule,
    DocumentsHttpModule,
    PublicLinksModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_PIPE, useClass: GatewayValidationPipe },
  ],
})
export class GatewayModule {}
