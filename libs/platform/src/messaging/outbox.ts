import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope, EventType } from '@app/contracts';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { requestContext } from '../logging/request-context';
import { OutboxRelay } from './outbox.relay';

/**
 * The only way to publish an event: the row is written with the change, in the caller's
 * transaction, so a rolled-back change publishes nothing and a committed one is never lost.
 */
@Injectable()
export class Outbox {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly relay: OutboxRelay,
  ) {}

  async add<T extends EventType>(
    manager: EntityManager,
    tenantId: string,
    type: T,
    data: EventData<T>,
    version = 1,
  ): Promise<EventEnvelope<T, EventData<T>>> {
    return this.addAlong(manager, tenantId, type, data, version);
  }

  /**
   * As `add`, with a write of the caller's in the same statement (one round trip less): `along.sql`
   * is a data-modifying statement run as a CTE, its parameters numbered from $5.
   */
  async addAlong<T extends EventType>(
    manager: EntityManager,
    tenantId: string,
    type: T,
    data: EventData<T>,
    version = 1,
    along?: { sql: string; params: unknown[] },
  ): Promise<EventEnvelope<T, EventData<T>>> {
    const envelope: EventEnvelope<T, EventData<T>> = {
      id: randomUUID(),
      type,
      version,
      occurredAt: this.clock.now().toISOString(),
      tenantId,
      correlationId: requestContext.correlationId(),
      data,
    };
    await manager.query(
      `${along ? `WITH along AS (${along.sql}) ` : ''}INSERT INTO "${this.config.service}".outbox (id, type, tenant_id, envelope) VALUES ($1, $2, $3, $4)`,
      [envelope.id, type, tenantId, JSON.stringify(envelope), ...(along?.params ?? [])],
    );
    // The relay looks again shortly; by then the caller's transaction has usually committed.
    this.relay.nudge();
    return envelope;
  }
}
