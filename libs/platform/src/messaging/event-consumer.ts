import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENTS_EXCHANGE, type EventEnvelope } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared-query';
import { requestContext } from '../logging/request-context';
import { AmqpConnection, assertDurableQueue, publishConfirmed } from './amqp-connection';
import { discoverHandlers } from './discover';
import { isUnavailableError } from './unavailable-error';
import { deadLetterQueueName, eventQueueName, retryQueueName } from './queue-names';
import { EVENT_HANDLER, type EventHandlerMeta } from './event-handler.decorator';

type Handler = (event: EventEnvelope, manager: EntityManager) => Promise<unknown>;

const ATTEMPT_HEADER = 'x-attempt';
/** Passes spent waiting for an unreachable database: they back off but use up no attempt. */
const DB_WAITS_HEADER = 'x-db-waits';

/** Backoff between attempts; after the last one the message goes to the dead-letter queue. */
export function retryDelays(env: NodeJS.ProcessEnv = process.env): number[] {
  const raw = env.EVENT_RETRY_DELAYS_MS ?? '1000,5000,30000';
  return raw
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d > 0);
}

/** A message no retry can fix (not JSON, not an envelope): straight to the dead-letter queue. */
class PoisonMessage extends Error {}

const QUORUM = { 'x-queue-type': 'quorum' };

/**
 * Consumes this service's durable (quorum) event queue with manual acks. Each event is handled in
 * one transaction with its inbox row and acked only after that commit; failures are retried with
 * backoff through TTL queues, then dead-lettered, so one poisoned message never blocks the queue.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly handlers = new Map<string, { fn: Handler; name: string }>();
  private readonly delays = retryDelays();
  private readonly inFlight = new Set<Promise<void>>();
  private channel?: ConfirmChannel;
  private consumerTag?: string;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly amqp: AmqpConnection,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  get consumer(): string {
    return this.config.service;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { meta, handler, name } of discoverHandlers<EventHandlerMeta>(
      this.discovery,
      this.scanner,
      EVENT_HANDLER,
    )) {
      if (this.handlers.has(meta.type)) throw new Error(`Two handlers for ${meta.type} in ${this.consumer}`);
      this.handlers.set(meta.type, { fn: handler as Handler, name });
    }
    if (this.handlers.size === 0) return;
    const queue = eventQueueName(this.consumer);
    await this.amqp.keepChannel('events', async (model) => {
      for (const name of [queue, deadLetterQueueName(this.consumer)]) {
        const mismatch = await assertDurableQueue(model, name, QUORUM);
        if (mismatch) this.logger.warn(`using existing queue ${name} as declared before: ${mismatch}`);
      }
      const channel = await model.createConfirmChannel();
      channel.on('error', (error: Error) => this.logger.warn(`event channel: ${error.message}`));
      for (const delay of this.delays)
        await channel.assertQueue(this.retryQueue(delay), {
          durable: true,
          arguments: {
            'x-message-ttl': delay,
            'x-dead-letter-exchange': '',
            'x-dead-letter-routing-key': queue,
          },
        });
      for (const type of this.handlers.keys()) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
      await channel.prefetch(Number(process.env.EVENT_PREFETCH ?? 16));
      const { consumerTag } = await channel.consume(queue, (message) => {
        if (!message) {
          // Cancelled by the broker (queue deleted): closing makes keepChannel open a fresh one.
          void channel.close().catch(() => undefined);
          return;
        }
        const handling = this.handle(channel, message).catch((error: Error) =>
          this.logger.error(`event not handled: ${error.message}`),
        );
        this.inFlight.add(handling);
        void handling.finally(() => this.inFlight.delete(handling));
      });
      this.channel = channel;
      this.consumerTag = consumerTag;
      if (this.stopping) await channel.cancel(consumerTag);
      return channel;
    });
    this.logger.log(`consuming ${[...this.handlers.keys()].join(', ')} from ${queue}`);
  }

  /** Stops taking events and lets those in hand commit and ack before the connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, 5000).unref()),
    ]);
  }

  private retryQueue(delay: number): string {
    return retryQueueName(this.consumer, delay);
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0);
    let envelope: EventEnvelope | undefined;
    try {
      envelope = JSON.parse(message.content.toString('utf8')) as EventEnvelope;
      if (
        !envelope ||
        typeof envelope !== 'object' ||
        typeof envelope.id !== 'string' ||
        !UUID.test(envelope.id) ||
        typeof envelope.type !== 'string'
      )
        throw new PoisonMessage('not an event envelope');
    } catch (error) {
      const poison = error instanceof PoisonMessage ? error : new PoisonMessage('not JSON');
      await this.retryOrDeadLetter(channel, message, attempt, poison);
      return;
    }
    const event = envelope;
    const handler = this.handlers.get(event.type);
    if (!handler) {
      settle(channel, message, 'ack'); // bound once, not any more: not ours to handle
      return;
    }
    await requestContext.run(
      { correlationId: event.correlationId ?? event.id, tenantId: event.tenantId },
      async () => {
        try {
          const duplicate = await this.dataSource.transaction(async (manager) => {
            const inserted = await preparedQuery(
              manager,
              `${this.config.service}.inbox.claim`,
              `INSERT INTO "${this.config.service}".inbox (event_id, consumer, type) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING event_id`,
              [event.id, handler.name, event.type],
            );
            if (inserted.length === 0) return true;
            await handler.fn(event, manager);
            return false;
          });
          if (duplicate) this.logger.log(`${event.type} ${event.id} already handled; ignored`);
        } catch (error) {
          await this.retryOrDeadLetter(channel, message, attempt, error as Error);
          return;
        }
        // After the commit: if this ack is lost the event comes again and the inbox drops it.
        settle(channel, message, 'ack');
      },
    );
  }

  private async retryOrDeadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    attempt: number,
    error: Error,
  ): Promise<void> {
    if (isUnavailableError(error)) {
      // The database is down, not the event at fault: wait without using up an attempt.
      this.logger.warn(`${message.properties.type ?? '?'} waits for the database: ${error.message}`);
      const waits = Number(message.properties.headers?.[DB_WAITS_HEADER] ?? 0);
      const wait = this.delays[Math.min(waits, this.delays.length - 1)];
      if (wait !== undefined)
        return this.park(channel, message, wait, attempt, error, { [DB_WAITS_HEADER]: waits + 1 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return settle(channel, message, 'nack');
    }
    const delay = error instanceof PoisonMessage ? undefined : this.delays[attempt];
    if (delay === undefined)
      this.logger.error(
        `dead-lettered ${message.properties.type ?? '?'} after ${attempt + 1} attempts: ${error.message}`,
      );
    else
      this.logger.warn(
        `${message.properties.type ?? '?'} failed (attempt ${attempt + 1}), retry in ${delay} ms: ${error.message}`,
      );
    await this.park(channel, message, delay, attempt + 1, error);
  }

  /** Moves the message to the retry queue of `delay` (or the DLQ when undefined), then acks it. */
  private async park(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    delay: number | undefined,
    attempts: number,
    error: Error,
    extraHeaders: Record<string, unknown> = {},
  ): Promise<void> {
    const target = delay === undefined ? deadLetterQueueName(this.consumer) : this.retryQueue(delay);
    try {
      const { headers, ...properties } = message.properties;
      // x-death grows on every pass through a retry queue; our attempt header is what counts.
      const kept: Record<string, unknown> = { ...headers };
      delete kept['x-death'];
      await publishConfirmed(channel, '', target, message.content, {
        ...withoutUndefined(properties),
        persistent: true,
        headers: {
          ...kept,
          ...extraHeaders,
          [ATTEMPT_HEADER]: attempts,
          'x-last-error': error.message.slice(0, 500),
        },
      });
      settle(channel, message, 'ack');
    } catch {
      // Not parked anywhere yet: give it back to the queue (after a pause, not in a hot loop).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      settle(channel, message, 'nack');
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ack or requeue; on a closed channel the broker has already requeued the message. */
function settle(channel: ConfirmChannel, message: ConsumeMessage, how: 'ack' | 'nack'): void {
  try {
    if (how === 'ack') channel.ack(message);
    else channel.nack(message, false, true);
  } catch {
    // nothing left to do: see above
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
