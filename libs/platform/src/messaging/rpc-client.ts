import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import {
  RPC_HEADERS,
  type RpcCaller,
  type RpcPattern,
  type RpcReply,
  type RpcRequest,
  type RpcResponse,
  type ServiceName,
} from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { requestContext } from '../logging/request-context';
import { AmqpConnection } from './amqp-connection';
import { rpcQueueName } from './queue-names';

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  channel: Channel;
  service: ServiceName;
}

/** How long the "is anybody consuming?" check after a timeout may take before we say 504. */
const CONSUMER_CHECK_MS = 1000;

export interface RpcSendOptions {
  timeoutMs?: number;
}

/**
 * Request-response over RabbitMQ with direct reply-to. Each request carries an expiration equal
 * to its timeout and a deadline header, so a request given up on is never executed later.
 */
@Injectable()
export class RpcClient implements OnModuleInit {
  private readonly logger = new Logger('RpcClient');
  private channel?: Channel;
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly amqp: AmqpConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.amqp.keepChannel('rpc client', async (model) => {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`client channel: ${error.message}`));
      channel.on('close', () => {
        if (this.channel === channel) this.channel = undefined;
        // Direct replies are bound to this channel: those in flight will never arrive.
        this.failPending(channel, 'The message broker connection was lost');
      });
      // A request nobody can receive (the service never declared its queue) comes back at once.
      channel.on('return', (message: ConsumeMessage) => {
        const id = String(message.properties.correlationId);
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        clearTimeout(pending.timer);
        pending.reject(new DomainError('UNAVAILABLE', `The ${pending.service} service is not running`));
      });
      await channel.consume(REPLY_QUEUE, (message) => this.onReply(message), { noAck: true });
      this.channel = channel;
      return channel;
    });
    this.amqp.onDisconnected(() => {
      this.channel = undefined;
      this.failPending(undefined, 'The message broker connection was lost');
    });
  }

  private failPending(channel: Channel | undefined, message: string): void {
    for (const [id, pending] of this.pending) {
      if (channel && pending.channel !== channel) continue;
      clearTimeout(pending.timer);
      pending.reject(new DomainError('UNAVAILABLE', message));
      this.pending.delete(id);
    }
  }

  async send<P extends RpcPattern>(
    pattern: P,
    payload: RpcRequest<P>,
    caller: RpcCaller | null,
    options: RpcSendOptions = {},
  ): Promise<RpcResponse<P>> {
    const service = pattern.split('.')[0] as ServiceName;
    const channel = this.channel;
    if (!channel) throw new DomainError('UNAVAILABLE', 'The message broker is unreachable');
    const timeoutMs = options.timeoutMs ?? this.config.rpcTimeoutMs;
    const correlationId = requestContext.correlationId();
    const id = randomUUID();
    const headers: Record<string, string | number> = {
      [RPC_HEADERS.pattern]: pattern,
      [RPC_HEADERS.deadline]: Date.now() + timeoutMs,
    };
    if (caller) {
      headers[RPC_HEADERS.tenantId] = caller.tenantId;
      if (caller.userId) headers[RPC_HEADERS.userId] = caller.userId;
      if (caller.role) headers[RPC_HEADERS.role] = caller.role;
    }
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        void this.timeoutError(service, timeoutMs).then(reject);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, channel, service });
    });
    try {
      // Expiration = timeout: a request still queued when the caller gives up is dropped by the
      // broker; one already delivered is dropped by the server through the deadline header.
      channel.sendToQueue(rpcQueueName(service), Buffer.from(JSON.stringify(payload ?? {})), {
        correlationId: id,
        replyTo: REPLY_QUEUE,
        expiration: String(timeoutMs),
        mandatory: true,
        contentType: 'application/json',
        headers: { ...headers, 'x-correlation-id': correlationId },
      });
    } catch (error) {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (pending) clearTimeout(pending.timer);
      throw new DomainError('UNAVAILABLE', `The message broker is unreachable (${(error as Error).message})`);
    }
    return (await reply) as RpcResponse<P>;
  }

  private onReply(message: ConsumeMessage | null): void {
    if (!message) return;
    const pending = this.pending.get(String(message.properties.correlationId));
    if (!pending) return; // answered after its timeout: the caller already got 504
    this.pending.delete(String(message.properties.correlationId));
    clearTimeout(pending.timer);
    try {
      const reply = JSON.parse(message.content.toString('utf8')) as RpcReply<unknown>;
      if (reply.ok) pending.resolve(reply.data);
      else pending.reject(DomainError.fromBody(reply.error));
    } catch (error) {
      pending.reject(error as Error);
    }
  }

  /** 503 when nobody consumes the service's queue (it is down), 504 when it is only slow. */
  private async timeoutError(service: ServiceName, timeoutMs: number): Promise<DomainError> {
    const consumers = await Promise.race([
      this.amqp.consumerCount(rpcQueueName(service)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), CONSUMER_CHECK_MS).unref()),
    ]);
    if (consumers === 0) return new DomainError('UNAVAILABLE', `The ${service} service is not running`);
    return new DomainError('TIMEOUT', `The ${service} service did not answer within ${timeoutMs} ms`);
  }
}
