import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Channel, ConsumeMessage } from 'amqplib';
import { RPC_HEADERS, type RpcCaller, type RpcReply } from '@app/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { validatePayload } from '../errors/validation';
import { requestContext } from '../logging/request-context';
import { AmqpConnection, assertDurableQueue } from './amqp-connection';
import { discoverHandlers } from './discover';
import { isUnavailableError } from './unavailable-error';
import { rpcQueueName } from './queue-names';
import { RPC_HANDLER, type RpcHandlerMeta } from './rpc-handler.decorator';

export type RpcHandlerFn = (payload: never, caller: RpcCaller) => unknown;

interface Registered {
  fn: RpcHandlerFn;
  payload?: new () => object;
}

/**
 * Consumes this service's RPC queue (classic, durable; requests are transient and carry a
 * per-message expiration) with manual acks. A request whose deadline (the gateway's timeout) has
 * passed is dropped unexecuted: the caller already answered 504, so doing it now would be a change
 * nobody asked for any more. A redelivered request is dropped too: the instance that had it may
 * have committed it before dying, so commands run at most once; the caller sees 503/504 and
 * retries with its Idempotency-Key.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Rpc');
  private readonly handlers = new Map<string, Registered>();
  private readonly prefetch = Number(process.env.RPC_PREFETCH ?? 64);
  private readonly inFlight = new Set<Promise<void>>();
  private channel?: Channel;
  private consumerTag?: string;
  private stopping = false;

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
    const queue = rpcQueueName(this.config.service);
    await this.amqp.keepChannel('rpc', async (model) => {
      // Classic, said explicitly (a vhost may default to quorum): requests are transient and short
      // lived, and per-message expiration is what drops the ones their caller gave up on.
      const mismatch = await assertDurableQueue(model, queue, { 'x-queue-type': 'classic' });
      if (mismatch) this.logger.warn(`using existing queue ${queue} as declared before: ${mismatch}`);
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`rpc channel: ${error.message}`));
      await channel.prefetch(this.prefetch);
      const { consumerTag } = await channel.consume(queue, (message) => {
        if (!message) {
          // Cancelled by the broker (queue deleted): closing makes keepChannel open a fresh one.
          void channel.close().catch(() => undefined);
          return;
        }
        const handling = this.handle(channel, message).catch((error: Error) =>
          this.logger.error(`rpc message not handled: ${error.message}`),
        );
        this.inFlight.add(handling);
        void handling.finally(() => this.inFlight.delete(handling));
      });
      this.channel = channel;
      this.consumerTag = consumerTag;
      if (this.stopping) await channel.cancel(consumerTag);
      return channel;
    });
    this.logger.log(`answering ${this.handlers.size} commands and queries on ${queue}`);
  }

  /** Stops taking requests and lets the ones in hand finish (and answer) before the connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, 5000).unref()),
    ]);
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
      {
        correlationId: traceId,
        tenantId: caller.tenantId || undefined,
        userId: caller.userId,
        deadline: deadline || undefined,
      },
      async () => {
        if (deadline && Date.now() > deadline) {
          this.logger.warn(`dropped ${pattern}: its caller gave up ${Date.now() - deadline} ms ago`);
          ackQuietly(channel, message);
          return;
        }
        if (message.fields.redelivered) {
          this.logger.warn(
            `dropped redelivered ${pattern}: it may already have run on an instance that died`,
          );
          ackQuietly(channel, message);
          return;
        }
        const reply = await this.execute(pattern, message.content, caller);
        try {
          if (replyTo)
            channel.sendToQueue(replyTo, reply, { correlationId, contentType: 'application/json' });
        } catch (error) {
          this.logger.warn(`could not answer ${pattern}: ${(error as Error).message}`);
        }
        ackQuietly(channel, message);
      },
    );
  }

  /** Runs the handler and serializes its answer; never throws (a request is always acked). */
  private async execute(pattern: string, content: Buffer, caller: RpcCaller): Promise<Buffer> {
    const registered = this.handlers.get(pattern);
    if (!registered)
      return encode({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown operation ${pattern}` } });
    let payload: unknown;
    try {
      payload = JSON.parse(content.toString('utf8'));
    } catch {
      return encode({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: 'The request is not valid JSON',
          errors: [{ path: '', message: 'must be JSON' }],
        },
      });
    }
    try {
      if (registered.payload) payload = await validatePayload(registered.payload, payload);
      const data = await registered.fn(payload as never, caller);
      return encode({ ok: true, data: data ?? null });
    } catch (error) {
      if (error instanceof DomainError) return encode({ ok: false, error: error.toBody() });
      if (isUnavailableError(error)) {
        this.logger.warn(`${pattern}: database unavailable: ${(error as Error).message}`);
        return encode({
          ok: false,
          error: { code: 'UNAVAILABLE', message: 'The service cannot reach its database' },
        });
      }
      this.logger.error(`${pattern} failed`, error as Error);
      return encode({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    }
  }
}

function encode(reply: RpcReply<unknown>): Buffer {
  return Buffer.from(JSON.stringify(reply));
}

/** A closed channel throws on ack; the broker then requeues the request and its deadline decides. */
function ackQuietly(channel: Channel, message: ConsumeMessage): void {
  try {
    channel.ack(message);
  } catch {
    // nothing to do: see above
  }
}
