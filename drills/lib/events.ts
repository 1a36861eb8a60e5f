import { randomUUID } from 'node:crypto';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type RecoveringChannelModel,
} from 'amqplib';

const EXCHANGE = 'invoicing.events';

export interface SeenEvent {
  id: string;
  type: string;
  tenantId: string;
  messageId?: string;
  data: Record<string, unknown>;
  raw: Buffer;
}

/**
 * A durable drill queue bound to `invoicing.events`, consumed over a recovering connection: it
 * outlives connection cuts and broker restarts, so nothing published meanwhile is missed.
 */
export class EventWatcher {
  readonly queue = `drill.events.${randomUUID().slice(0, 8)}`;
  readonly seen: SeenEvent[] = [];
  private connection?: RecoveringChannelModel;
  private channel?: Channel;
  reconnects = 0;

  constructor(
    private readonly amqpUrl: string,
    private readonly bindingKeys: string[],
  ) {}

  async start(): Promise<void> {
    let first = true;
    this.connection = await connect(this.amqpUrl, {
      noDelay: true,
      clientProperties: { connection_name: 'drill-watcher' },
      recovery: {
        initialDelay: 200,
        maxDelay: 2000,
        setup: async (model: ChannelModel) => {
          if (!first) this.reconnects++;
          first = false;
          const channel = await model.createChannel();
          channel.on('error', () => undefined);
          await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
          // Durable to outlive a broker restart; x-expires removes it if a crashed drill leaves it behind.
          await channel.assertQueue(this.queue, { durable: true, arguments: { 'x-expires': 600_000 } });
          for (const key of this.bindingKeys) await channel.bindQueue(this.queue, EXCHANGE, key);
          await channel.prefetch(500);
          await channel.consume(this.queue, (message) => {
            if (!message) return;
            try {
              const envelope = JSON.parse(message.content.toString('utf8')) as Omit<
                SeenEvent,
                'raw' | 'messageId'
              >;
              this.seen.push({
                ...envelope,
                messageId: message.properties.messageId as string,
                raw: message.content,
              });
            } catch {
              // Not an envelope: not ours to judge here.
            }
            channel.ack(message);
          });
          this.channel = channel;
        },
      },
    });
    this.connection.on('error', () => undefined);
  }

  /** Publishes `content` again on the events exchange (for the duplicate-delivery drill). */
  republish(event: SeenEvent): boolean {
    if (!this.channel) return false;
    return this.channel.publish(EXCHANGE, event.type, event.raw, {
      persistent: true,
      messageId: event.messageId ?? event.id,
      type: event.type,
      contentType: 'application/json',
    });
  }

  /** Deletes the drill queue and disconnects; safe to call twice. */
  async stop(): Promise<void> {
    if (!this.connection) return;
    try {
      await this.channel?.deleteQueue(this.queue);
    } catch {
      // x-expires removes it ten minutes after its last use.
    }
    const connection = this.connection;
    this.connection = undefined;
    await connection.close().catch(() => undefined);
  }
}

/**
 * A short-lived connection for direct publishes and gets, on a confirm channel: every publish is
 * confirmed by the broker before the connection closes (closing right after a plain publish can
 * lose it).
 */
export async function withChannel<T>(
  amqpUrl: string,
  fn: (channel: ConfirmChannel) => Promise<T>,
): Promise<T> {
  const connection = await connect(amqpUrl, {
    noDelay: true,
    clientProperties: { connection_name: 'drill' },
  });
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    const result = await fn(channel);
    await channel.waitForConfirms();
    return result;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Whether `queue` exists (a passive declare, on a channel of its own since a miss closes it). */
export async function queueInfo(
  amqpUrl: string,
  queue: string,
): Promise<{ messageCount: number; consumerCount: number } | null> {
  const connection = await connect(amqpUrl, {
    noDelay: true,
    clientProperties: { connection_name: 'drill' },
  });
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const info = await channel.checkQueue(queue);
    await channel.close().catch(() => undefined);
    return { messageCount: info.messageCount, consumerCount: info.consumerCount };
  } catch {
    return null;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
