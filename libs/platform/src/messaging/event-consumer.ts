import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENTS_EXCHANGE, deadLetterQueue, eventQueue, type EventEnvelope } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { requestContext } from '../logging/request-context';
import { AmqpConnection } from './amqp-connection';
import { discoverHandlers } from './discover';
import { EVENT_HANDLER, type EventHandlerMeta } from './event-handler.decorator';

type Handler = (event: EventEnvelope, manager: EntityManager) => Promise<unknown>;

const ATTEMPT_HEADER = 'x-attempt';

/** Backoff between attempts; after the last one the message goes to the dead-letter queue. */
export function retryDelays(env: NodeJS.ProcessEnv = process.env): number[] {
  const raw = env.EVENT_RETRY_DELAYS_MS ?? '1000,5000,30000';
  return raw
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d > 0);
}

/**
 * Consumes this service's durable (quorum) event queue with manual acks. Each event is handled in
 * one transaction with its inbox row; failures are retried with backoff through TTL queues, then
 * dead-lettered, so one poisoned message never blocks the queue.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Events');
  private readonly handlers = new Map<string, { fn: Handler; name: string }>();
  private readonly delays = retryDelays();

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
    const queue = eventQueue(this.consumer);
    await this.amqp.onConnected(async (model) => {
      const channel = await model.createConfirmChannel();
      channel.on('error', (error: Error) => this.logger.warn(`event channel: ${error.message}`));
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.assertQueue(deadLetterQueue(this.consumer), {
        durable: true,
        arguments: { 'x-queue-type': 'quorum' },
      });
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
      await channel.consume(queue, (message) => {
        if (message) void this.handle(channel, message);
      });
    });
    this.logger.log(`consuming ${[...this.handlers.keys()].join(', ')} from ${queue}`);
  }

  private retryQueue(delay: number): string {
    return `${eventQueue(this.consumer)}.retry.${delay}ms`;
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0);
    let envelope: EventEnvelope | undefined;
    try {
      envelope = JSON.parse(message.content.toString('utf8')) as EventEnvelope;
      if (!envelope || typeof envelope.id !== 'string' || typeof envelope.type !== 'string')
        throw new Error('not an event envelope');
    } catch (error) {
      await this.retryOrDeadLetter(channel, message, attempt, error as Error);
      return;
    }
    const event = envelope;
    const handler = this.handlers.get(event.type);
    if (!handler) {
      channel.ack(message); // bound once, not any more: not ours to handle
      return;
    }
    await requestContext.run(
      { correlationId: event.correlationId ?? event.id, tenantId: event.tenantId },
      async () => {
        try {
          const duplicate = await this.dataSource.transaction(async (manager) => {
            const inserted = await manager.query<unknown[]>(
              `INSERT INTO "${this.config.service}".inbox (event_id, consumer, type) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING event_id`,
              [event.id, handler.name, event.type],
            );
            if (inserted.length === 0) return true;
            await handler.fn(event, manager);
            return false;
          });
          if (duplicate) this.logger.log(`${event.type} ${event.id} already handled; ignored`);
          channel.ack(message);
        } catch (error) {
          await this.retryOrDeadLetter(channel, message, attempt, error as Error);
        }
      },
    );
  }

  private async retryOrDeadLetter(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    attempt: number,
    error: Error,
  ): Promise<void> {
    const delay = this.delays[attempt];
    const target = delay === undefined ? deadLetterQueue(this.consumer) : this.retryQueue(delay);
    if (delay === undefined)
      this.logger.error(
        `dead-lettered ${message.properties.type ?? '?'} after ${attempt + 1} attempts: ${error.message}`,
      );
    else
      this.logger.warn(
        `${message.properties.type ?? '?'} failed (attempt ${attempt + 1}), retry in ${delay} ms: ${error.message}`,
      );
    try {
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(
          target,
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: {
              ...message.properties.headers,
              [ATTEMPT_HEADER]: attempt + 1,
              'x-last-error': error.message.slice(0, 500),
            },
          },
          (err: unknown) => (err ? reject(new Error('the broker refused the retry message')) : resolve()),
        ),
      );
      channel.ack(message);
    } catch {
      channel.nack(message, false, true);
    }
  }
}
