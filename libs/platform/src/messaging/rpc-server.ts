import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Channel, ConsumeMessage } from 'amqplib';
import { RPC_HEADERS, rpcQueue, type RpcCaller, type RpcReply } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { validatePayload } from '../errors/validation';
import { requestContext } from '../logging/request-context';
import { AmqpConnection } from './amqp-connection';
import { discoverHandlers } from './discover';
import { RPC_HANDLER, type RpcHandlerMeta } from './rpc-handler.decorator';

export type RpcHandlerFn = (payload: never, caller: RpcCaller) => unknown;

interface Registered {
  fn: RpcHandlerFn;
  payload?: new () => object;
}

/**
 * Consumes this service's RPC queue with manual acks. A request whose deadline (the gateway's
 * timeout) has passed is dropped unexecuted: the caller already answered 504, so doing it now
 * would be a change nobody asked for any more.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rpc');
  private readonly handlers = new Map<string, Registered>();
  private readonly prefetch = Number(process.env.RPC_PREFETCH ?? 64);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly amqp: AmqpConnection,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  register(pattern: string, fn: RpcHandlerFn, payload?: new () => object): void {
    if (this.handlers.has(pattern)) throw new Error(`Two RPC handlers for ${pattern}`);
    this.handlers.set(pattern, { fn, payload });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { meta, handler } of discoverHandlers<RpcHandlerMeta>(
      this.discovery,
      this.scanner,
      RPC_HANDLER,
    ))
      this.register(meta.pattern, handler, meta.payload);
    const queue = rpcQueue(this.config.service);
    await this.amqp.onConnected(async (model) => {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`rpc channel: ${error.message}`));
      await channel.assertQueue(queue, { durable: true });
      await channel.prefetch(this.prefetch);
      await channel.consume(queue, (message) => {
        if (message) void this.handle(channel, message);
      });
    });
    this.logger.log(`answering ${this.handlers.size} commands and queries on ${queue}`);
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const headers = message.properties.headers ?? {};
    const pattern = String(headers[RPC_HEADERS.pattern] ?? '');
    const deadline = Number(headers[RPC_HEADERS.deadline] ?? 0);
    const correlationId = String(message.properties.correlationId ?? '');
    const replyTo = message.properties.replyTo as string | undefined;
    const caller: RpcCaller = {
      tenantId: String(headers[RPC_HEADERS.tenantId] ?? ''),
      userId: headers[RPC_HEADERS.userId] ? String(headers[RPC_HEADERS.userId]) : undefined,
      role:
        headers[RPC_HEADERS.role] === 'admin'
          ? 'admin'
          : headers[RPC_HEADERS.role] === 'member'
            ? 'member'
            : undefined,
    };
    const traceId = String(headers['x-correlation-id'] ?? correlationId);
    await requestContext.run(
      { correlationId: traceId, tenantId: caller.tenantId || undefined, userId: caller.userId },
      async () => {
        if (deadline && Date.now() > deadline) {
          this.logger.warn(`dropped ${pattern}: its caller gave up ${Date.now() - deadline} ms ago`);
          channel.ack(message);
          return;
        }
        const reply = await this.execute(pattern, message.content, caller);
        try {
          if (replyTo)
            channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(reply)), {
              correlationId,
              contentType: 'application/json',
            });
          channel.ack(message);
        } catch (error) {
          this.logger.warn(`could not answer ${pattern}: ${(error as Error).message}`);
        }
      },
    );
  }

  private async execute(pattern: string, content: Buffer, caller: RpcCaller): Promise<RpcReply<unknown>> {
    const registered = this.handlers.get(pattern);
    if (!registered)
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown operation ${pattern}` } };
    try {
      let payload: unknown = JSON.parse(content.toString('utf8'));
      if (registered.payload) payload = await validatePayload(registered.payload, payload);
      const data = await registered.fn(payload as never, caller);
      return { ok: true, data: data ?? null };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.toBody() };
      this.logger.error(`${pattern} failed`, error as Error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
    }
  }
}
