import { Injectable } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@app/contracts';
import { EventHandler } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { SettingsRepository } from './settings.repository';

/**
 * A company that signs up gets its settings at once, with its name and country as the seller's
 * legal name and country: the gateway's outbox delivers the event even when billing was down.
 */
@Injectable()
export class TenantCreatedListener {
  constructor(private readonly repository: SettingsRepository) {}

  @EventHandler('gateway.tenant.created')
  async onTenantCreated(
    envelope: EventEnvelope<'gateway.tenant.created', EventData<'gateway.tenant.created'>>,
    manager: EntityManager,
  ): Promise<void> {
    const { tenant } = envelope.data;
    await this.repository.ensureDefaults(manager, tenant.id, {
      legalName: tenant.name,
      country: tenant.country.toUpperCase(),
    });
  }
}
