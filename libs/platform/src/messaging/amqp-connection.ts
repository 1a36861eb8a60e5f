import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type Options,
  type RecoveringChannelModel,
} from 'amqplib';
import { EVENTS_EXCHANGE } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { amqpSocketOf, coalesceWrites } from './coalesce-writes';

type Setup = (model: ChannelModel) => Promise<void>;

const REOPEN_DELAY_MS = 250;
const REOPEN_MAX_DELAY_MS = 5000;

/**
 * Publishes one message on a confirm channel and resolves when the broker has confirmed that very
 * message. Each publish waits for its own confirm, so publishers sharing the channel neither wait
 * for nor fail because of each other's messages (waitForConfirms waits for every outstanding one).
 * Rejects on a nack, a closed channel, or no confirm within `timeoutMs` (a half-open connection).
 */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
  timeoutMs = 10_000,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no publisher confirm within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      channel.publish(exchange, routingKey, content, options, (error: unknown) => {
        clearTimeout(timer);
        if (error) reject(new Error('the broker did not accept the message'));
        else resolve();
      });
    } catch (error) {
      // A channel that closed meanwhile throws synchronously.
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * One broker connection per process, recovered by amqplib 2 after a broker restart. Whatever needs
 * channels (RPC server and client, outbox relay, event consumer) registers a setup that runs on
 * every (re)connect and recreates its channels and consumers; `keepChannel` also reopens a channel
 * the broker closed while the connection stayed up (a channel error would otherwise silently stop
 * a consumer until the next reconnect).
 */
@Injectable()
export class AmqpConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Amqp');
  private connection?: RecoveringChannelModel;
  private model?: ChannelModel;
  private publisher?: ConfirmChannel;
  private readonly setups: Setup[] = [];
  private readonly disconnectListeners: Array<() => void> = [];
  private closing = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.connection = await connect(this.config.rabbitmqUrl, {
      noDelay: true,
      clientProperties: { connection_name: this.config.instanceId },
      recovery: {
        initialDelay: 200,
        maxDelay: 5000,
        maxRetries: Infinity,
        initialMaxRetries: 30,
        setup: async (model: ChannelModel) => {
          const socket = amqpSocketOf(model);
          if (socket) coalesceWrites(socket);
          else this.logger.warn('broker socket not found: frames are written one by one');
          try {
            await this.openPublisher(model);
            // By index: a setup registered while this loop runs is picked up too, and only once.
            for (let i = 0; i < this.setups.length; i++) await this.setups[i](model);
            this.model = model;
          } catch (error) {
            this.publisher = undefined;
            this.logger.warn(`broker setup failed (${(error as Error).message}); retrying`);
            throw error;
          }
        },
      },
    });
    this.connection.on('disconnect', (error: Error) => {
      this.model = undefined;
      this.publisher = undefined;
      if (!this.closing)
        this.logger.warn(`broker connection lost (${error?.message ?? 'closed'}); reconnecting`);
      for (const listener of this.disconnectListeners) listener();
    });
    this.connection.on('connect', () => {
      if (!this.closing) this.logger.log('connected to RabbitMQ');
    });
    this.connection.on('error', (error: Error) => this.logger.warn(`broker: ${error.message}`));
  }

  /** Runs `setup` now if connected, and again after every reconnect. */
  async onConnected(setup: Setup): Promise<void> {
    this.setups.push(setup);
    if (this.model) await setup(this.model);
  }

  /**
   * Opens a channel with `open` on every (re)connect, and reopens it (with backoff) when the broker
   * closes just that channel while the connection stays up.
   */
  async keepChannel(name: string, open: (model: ChannelModel) => Promise<Channel>): Promise<void> {
    const attach = async (model: ChannelModel): Promise<void> => {
      const channel = await open(model);
      channel.once('close', () => {
        if (this.closing) return;
        // Connection loss is recovery's job: it runs every setup again on the new connection.
        void this.reopen(name, model, attach);
      });
    };
    await this.onConnected(attach);
  }

  private async reopen(name: string, model: ChannelModel, attach: Setup): Promise<void> {
    let delay = REOPEN_DELAY_MS;
    // The model of a lost connection stays set until recovery notices, so wait a moment first.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closing || this.model !== model) return;
      try {
        await attach(model);
        this.logger.warn(`${name} channel was closed by the broker; reopened`);
        return;
      } catch (error) {
        this.logger.warn(`${name} channel could not be reopened: ${(error as Error).message}`);
        delay = Math.min(REOPEN_MAX_DELAY_MS, delay * 2);
      }
    }
  }

  private async openPublisher(model: ChannelModel): Promise<void> {
    this.publisher = undefined;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.logger.warn(`publisher channel: ${error.message}`));
    channel.once('close', () => {
      if (this.publisher === channel) this.publisher = undefined;
      if (this.closing) return;
      void this.reopen('publisher', model, (m) => this.openPublisher(m));
    });
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    this.publisher = channel;
  }

  onDisconnected(listener: () => void): void {
    this.disconnectListeners.push(listener);
  }

  get connected(): boolean {
    return this.publisher !== undefined;
  }

  /** The confirm channel for publishing, or undefined while the broker is unreachable. */
  publishChannel(): ConfirmChannel | undefined {
    return this.publisher;
  }

  /**
   * Publishes on the shared confirm channel and resolves once the broker confirmed this message;
   * rejects at once while the broker is unreachable.
   */
  async publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new Error('broker unreachable');
    await publishConfirmed(channel, exchange, routingKey, content, options);
  }

  /** Consumers on `queue` (0 when it does not exist), or null when the broker is unreachable. */
  async consumerCount(queue: string): Promise<number | null> {
    const model = this.model;
    if (!model) return null;
    let channel;
    try {
      // A separate channel: checkQueue on a missing queue closes the channel it runs on.
      channel = await model.createChannel();
      channel.on('error', () => undefined);
      const info = await channel.checkQueue(queue);
      return info.consumerCount;
    } catch {
      return this.model ? 0 : null;
    } finally {
      await channel?.close().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.connection?.close().catch(() => undefined);
  }
}

/**
 * Declares a durable queue with `preferred` arguments (quorum), falling back to `fallback` (classic)
 * on a broker that refuses them, and to the queue as it already exists when it was declared
 * differently before (changing a queue's type needs deleting it, an operator's decision).
 */
export async function assertDurableQueue(
  model: ChannelModel,
  queue: string,
  preferred: Record<string, unknown>,
  fallback: Record<string, unknown> = {},
): Promise<string | null> {
  let lastError: Error | undefined;
  for (const args of [preferred, fallback]) {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(queue, { durable: true, arguments: args });
      await channel.close();
      return null;
    } catch (error) {
      lastError = error as Error;
      await channel.close().catch(() => undefined);
    }
  }
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.checkQueue(queue);
    return lastError?.message ?? 'declared with other arguments';
  } finally {
    await channel.close().catch(() => undefined);
  }
}
