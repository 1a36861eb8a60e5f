import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope, EventType } from '@app/contracts';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-query';
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
    const envelope = this.envelope(tenantId, type, data, version);
    await preparedQuery(
      manager,
      `${this.config.service}.outbox.add`,
      `INSERT INTO ${this.table} (id, type, tenant_id, envelope) VALUES ($1, $2, $3, $4)`,
      [envelope.id, type, tenantId, JSON.stringify(envelope)],
    );
    // The relay looks again shortly; by then the caller's transaction has usually committed.
    this.relay.nudge();
    return envelope;
  }

  /**
   * For a caller that writes the row in a statement of its own (filling in what only that statement
   * knows): the envelope to store in its service's outbox table, then `written()` once it has run.
   */
  envelope<T extends EventType>(
    tenantId: string,
    type: T,
    data: EventData<T>,
    version = 1,
  ): EventEnvelope<T, EventData<T>> {
    return {
      id: randomUUID(),
      type,
      version,
      occurredAt: this.clock.now().toISOString(),
      tenantId,
      correlationId: requestContext.correlationId(),
      data,
    };
  }

  private get table(): string {
    return `"${this.config.service}".outbox`;
  }

  /** A row was written by the caller's own statement: the relay looks again shortly. */
  written(): void {
    this.relay.nudge();
  }
}
