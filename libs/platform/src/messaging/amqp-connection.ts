import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel, type RecoveringChannelModel } from 'amqplib';
import { EVENTS_EXCHANGE } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

type Setup = (model: ChannelModel) => Promise<void>;

/**
 * One broker connection per process, recovered by amqplib 2 after a broker restart. Whatever needs
 * channels (RPC server and client, outbox relay, event consumer) registers a setup that runs on
 * every (re)connect and recreates its channels and consumers.
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
          this.model = model;
          this.publisher = undefined;
          const channel = await model.createConfirmChannel();
          channel.on('error', (error: Error) => this.logger.warn(`publisher channel: ${error.message}`));
          channel.on('close', () => {
            if (this.publisher === channel) this.publisher = undefined;
          });
          await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
          this.publisher = channel;
          for (const setup of this.setups) await setup(model);
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
      return 0;
    } finally {
      await channel?.close().catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.connection?.close().catch(() => undefined);
  }
}
