import { SetMetadata } from '@nestjs/common';
import type { EventType } from '@app/contracts';

export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

export interface EventHandlerMeta {
  type: EventType;
}

/**
 * Marks a provider method as this service's handler of one event type. It is called with the
 * envelope and an EntityManager inside the transaction that also records the event id in the
 * inbox, so a redelivered event has no second effect.
 */
export const EventHandler = (type: EventType) =>
  SetMetadata<symbol, EventHandlerMeta>(EVENT_HANDLER, { type });
