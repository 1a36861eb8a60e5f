import { type INestApplicationContext, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RPC_HEADERS, type RpcCaller, type RpcPattern } from '@app/contracts';
import {
  EFFECTS,
  TEST_SERVICE,
  brokerChannel,
  countEffects,
  ensureEffectsTable,
  isolateTestQueues,
  standaloneRpcClient,
  startTestApp,
} from '../../test-support/messaging-test-app';
import { TcpProxy } from '../../test-support/tcp-proxy';
import { waitFor } from '../../test-support/wait-for';
import { DomainError } from '../errors/domain-error';
import { requestContext } from '../logging/request-context';
import { AmqpConnection } from './amqp-connection';
import { RpcClient } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';
import { RpcServer } from './rpc-server';
import { rpcQueueName } from './queue-names';

class Inner {
  @IsInt()
  n!: number;
}
class EchoPayload {
  @IsString()
  text!: string;
  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

const p = (name: string) => `${TEST_SERVICE}.test.${name}` as RpcPattern;

@Injectable()
class ProbeRpc implements OnModuleInit {
  private readonly logger = new Logger('ProbeRpc');
  constructor(
    private readonly rpc: RpcServer,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.rpc.register(p('record'), (payload: { key: string }) => this.record(payload.key));
    this.rpc.register(p('slow'), async (payload: { key: string; ms: number }) => {
      await new Promise((resolve) => setTimeout(resolve, payload.ms));
      await this.record(payload.key);
      return { done: true };
    });
    this.rpc.register(p('crash'), () => {
      throw new Error('secret detail at /srv/app.js:12');
    });
  }

  @RpcHandler(p('echo'), EchoPayload)
  echo(payload: EchoPayload, caller: RpcCaller) {
    this.logger.warn(`echo ${payload.text}`);
    return { text: payload.text, correlationId: requestContext.correlationId(), tenantId: caller.tenantId };
  }

  private async record(key: string) {
    await this.dataSource.query(`INSERT INTO ${EFFECTS} (key) VALUES ($1)`, [key]);
    return { recorded: key };
  }
}

const caller = (): RpcCaller => ({ tenantId: randomUUID(), userId: randomUUID(), role: 'admin' });

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

isolateTestQueues();

describe('RPC over RabbitMQ', () => {
  let server: INestApplicationContext | undefined;
  let client: RpcClient;
  let closeClient: () => Promise<void>;
  let dataSource: DataSource;
  const send = (pattern: RpcPattern, payload: unknown, timeoutMs = 2000) =>
    client.send(pattern, payload as never, caller(), { timeoutMs }) as Promise<unknown>;

  beforeAll(async () => {
    server = await startTestApp([ProbeRpc]);
    dataSource = server.get(DataSource);
    ({ client, close: closeClient } = await standaloneRpcClient());
  });
  afterAll(async () => {
    await server?.close();
    await closeClient?.();
  });

  it('answers a round trip and carries the correlation id into the handler and its log lines', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const who = caller();
      const correlationId = `corr-${randomUUID()}`;
      const answer = await requestContext.run({ correlationId }, () =>
        client.send(p('echo'), { text: 'héllo', inner: { n: 1 } } as never, who),
      );
      expect(answer).toEqual({ text: 'héllo', correlationId, tenantId: who.tenantId });
      expect(lines.some((l) => l.includes(`[${correlationId}]`) && l.includes('echo héllo'))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('declares its request queue durable and classic (per-message expiration works there)', async () => {
    const { connection, channel } = await brokerChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(rpcQueueName(TEST_SERVICE), {
        durable: true,
        arguments: { 'x-queue-type': 'classic' },
      });
      await expect(
        channel.assertQueue(rpcQueueName(TEST_SERVICE), {
          durable: true,
          arguments: { 'x-queue-type': 'quorum' },
        }),
      ).rejects.toThrow(/PRECONDITION_FAILED/);
    } finally {
      await connection.close();
    }
  });

  it('answers BAD_REQUEST with field paths for an invalid payload', async () => {
    const error = await failure(send(p('echo'), { text: 5, inner: { n: 'x' }, extra: true }));
    expect(error.code).toBe('BAD_REQUEST');
    const paths = error.errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['text', 'inner.n', 'extra']));
  });

  it('answers INTERNAL without a stack or the exception text for an unexpected exception', async () => {
    const error = await failure(send(p('crash'), {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('Internal error');
    expect(JSON.stringify(error.toBody())).not.toMatch(/secret|app\.js|\bat\b/);
  });

  it('answers UNAVAILABLE at once when nobody ever declared the service queue', async () => {
    const started = Date.now();
    // Unroutable (mandatory): the broker returns it instead of letting the caller wait.
    const error = await failure(send('crm.test.nothing' as RpcPattern, {}, 3000));
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers UNAVAILABLE (503) by the timeout for a service that is not running', async () => {
    const started = Date.now();
    // Its queue exists (declared by a server that has stopped) but nobody consumes it.
    const { connection, channel } = await brokerChannel();
    await channel.assertQueue(rpcQueueName('scheduler'), { durable: true });
    await connection.close();
    const error = await failure(send('scheduler.test.nothing' as RpcPattern, {}, 500));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(500 + 1000);
  });

  it('answers TIMEOUT for a slow handler, and keeps answering afterwards', async () => {
    const key = randomUUID();
    const started = Date.now();
    const error = await failure(send(p('slow'), { key, ms: 800 }, 300));
    const took = Date.now() - started;
    expect(error.code).toBe('TIMEOUT');
    expect(error.status).toBe(504);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(300 + 1000);
    // The late answer is dropped quietly and the next request is answered.
    await waitFor('the slow handler to finish', async () => (await countEffects(dataSource, key)) === 1);
    await expect(send(p('record'), { key: randomUUID() })).resolves.toEqual({ recorded: expect.any(String) });
  });

  it('never executes a request the caller gave up on while the service was stopped', async () => {
    await server!.close();
    server = undefined;
    const key = randomUUID();
    const started = Date.now();
    const error = await failure(send(p('record'), { key }, 500));
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(500 + 1000);

    // One request at a time from here on, and the queue is FIFO: once a marker sent now is
    // answered, the stale request (had it survived) would have been handled completely before it.
    const previous = process.env.RPC_PREFETCH;
    process.env.RPC_PREFETCH = '1';
    try {
      server = await startTestApp([ProbeRpc]);
    } finally {
      if (previous === undefined) delete process.env.RPC_PREFETCH;
      else process.env.RPC_PREFETCH = previous;
    }
    dataSource = server.get(DataSource);
    const marker = randomUUID();
    await send(p('record'), { key: marker });
    expect(await countEffects(dataSource, marker)).toBe(1);
    expect(await countEffects(dataSource, key)).toBe(0);
  });

  it('drops a delivered request whose deadline has passed (no expiration to save it)', async () => {
    const { channel, connection } = await brokerChannel();
    try {
      const key = randomUUID();
      channel.sendToQueue(rpcQueueName(TEST_SERVICE), Buffer.from(JSON.stringify({ key })), {
        headers: { [RPC_HEADERS.pattern]: p('record'), [RPC_HEADERS.deadline]: Date.now() - 1 },
      });
      const marker = randomUUID();
      await send(p('record'), { key: marker });
      await waitFor('the marker', async () => (await countEffects(dataSource, marker)) === 1);
      expect(await countEffects(dataSource, key)).toBe(0);
    } finally {
      await connection.close();
    }
  });
  it('never runs a redelivered request: the instance that had it may already have committed it', async () => {
    // A consumer standing in for an instance that dies mid-request: it takes the request and its
    // channel closes without an ack, so the broker hands the request to the real server again.
    const { channel, connection } = await brokerChannel();
    const { channel: dying, connection: dyingConnection } = await brokerChannel();
    try {
      await server!.close();
      server = undefined;
      const key = randomUUID();
      const taken = new Promise<void>((resolve) => {
        void dying.consume(rpcQueueName(TEST_SERVICE), (message) => {
          if (message) resolve();
        });
      });
      channel.sendToQueue(rpcQueueName(TEST_SERVICE), Buffer.from(JSON.stringify({ key })), {
        headers: { [RPC_HEADERS.pattern]: p('record'), [RPC_HEADERS.deadline]: Date.now() + 60_000 },
      });
      await taken;
      server = await startTestApp([ProbeRpc]);
      dataSource = server.get(DataSource);
      await dyingConnection.close();
      const marker = randomUUID();
      await send(p('record'), { key: marker });
      await waitFor('the marker', async () => (await countEffects(dataSource, marker)) === 1);
      expect(await countEffects(dataSource, key)).toBe(0);
    } finally {
      await connection.close();
      await dyingConnection.close().catch(() => undefined);
    }
  });
});

describe('RPC server through a broker outage', () => {
  let proxy: TcpProxy;
  let server: INestApplicationContext;
  let client: RpcClient;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    proxy = await new TcpProxy().start();
    server = await startTestApp([ProbeRpc], { rabbitmqUrl: proxy.url() });
    await ensureEffectsTable(server.get(DataSource));
    ({ client, close: closeClient } = await standaloneRpcClient());
  });
  afterAll(async () => {
    await server?.close();
    await closeClient?.();
    await proxy?.stop();
  });

  it('keeps answering after its connection is cut and restored', async () => {
    const send = (timeoutMs: number) =>
      client.send(p('record'), { key: randomUUID() } as never, caller(), { timeoutMs }) as Promise<unknown>;
    await expect(send(2000)).resolves.toBeDefined();

    proxy.cut();
    const amqp = server.get(AmqpConnection);
    await waitFor('the server to notice', () => !amqp.connected);
    const error = await failure(send(300));
    expect(['UNAVAILABLE', 'TIMEOUT']).toContain(error.code);

    proxy.restore();
    await waitFor('the server to reconnect by itself', () => amqp.connected, 20_000);
    await waitFor('an answer', () => send(1000).then(() => true), 20_000);
  });
});
