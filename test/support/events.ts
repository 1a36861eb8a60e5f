// An exclusive queue on the events exchange, as another team's subscriber would bind one.
import { connect, type Channel, type ChannelModel } from 'amqplib';

const EXCHANGE = 'invoicing.events';

export interface SeenEvent {
  id: string;
  type: string;
  tenantId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export class EventSubscriber {
  readonly seen: SeenEvent[] = [];
  private connection?: ChannelModel;
  private channel?: Channel;

  static async start(routingKey: string): Promise<EventSubscriber> {
    const subscriber = new EventSubscriber();
    subscriber.connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
    const channel = (subscriber.channel = await subscriber.connection.createChannel());
    await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, EXCHANGE, routingKey);
    await channel.consume(
      queue,
      (message) => {
        if (message) subscriber.seen.push(JSON.parse(message.content.toString('utf8')) as SeenEvent);
      },
      { noAck: true },
    );
    return subscriber;
  }

  /** The tenant's events of `type`, once at least `count` arrived and a moment later (duplicates show then). */
  async of(tenantId: string, type: string, count = 1, timeoutMs = 15000): Promise<SeenEvent[]> {
    const matching = () => this.seen.filter((event) => event.tenantId === tenantId && event.type === type);
    const deadline = Date.now() + timeoutMs;
    while (matching().length < count && Date.now() < deadline) await sleep(50);
    await sleep(500);
    return matching();
  }

  async stop(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
