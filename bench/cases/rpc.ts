import { randomUUID } from 'node:crypto';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { ensureCeilingSchema } from '../ceiling/rpc-schema';
import { forkReady, type Child } from '../lib/children';
import { cpuMeter, perOp } from '../lib/cpu';
import { HttpClient } from '../lib/http';
import { runLoad, type LoadResult } from '../lib/load';
import { contactBody, signUpTenant } from '../lib/tenant';
import type { BenchCase, Measurement, Variant } from './types';

const CLIENTS = [1, 32];
const BAR_CLIENTS = 32;
const BAR_RATIO = 0.5;

function measurement(result: LoadResult, cpu: Record<string, number>): Measurement {
  return {
    cpuMsPerOp: perOp(cpu, result.ok),
    value: result.throughput,
    unit: 'req/s',
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    failed: result.failed,
    firstError: result.firstError,
  };
}

/**
 * `rpc`: create a contact through the gateway (HTTP → RPC over RabbitMQ → crm inserts the contact
 * and its outbox row in one transaction → reply), against the same path with no framework.
 */
export const benchCase: BenchCase = {
  name: 'rpc',
  summary: 'POST /api/v1/contacts through the gateway vs node:http → amqplib RPC → pg transaction',
  usesStack: true,
  async prepare(context) {
    const stack = context.stack;
    const notes = await ensureCeilingSchema(context.benchDatabaseUrl);
    let productUrl = '';
    let productHeaders: Record<string, string> = {};
    if (stack) {
      const setupClient = new HttpClient(stack.url, { maxSockets: 1 });
      const tenant = await signUpTenant(setupClient, 'bench-rpc').finally(() => setupClient.close());
      productUrl = stack.url;
      productHeaders = tenant.headers;
    }

    const secret = `bench-ceiling-${randomUUID()}`;
    const ceilingToken = jwt.sign({ sub: randomUUID(), tid: randomUUID(), role: 'admin' }, secret, {
      expiresIn: 3600,
    });
    const ceilingEnv = {
      RABBITMQ_URL: context.benchRabbitmqUrl,
      DATABASE_URL: context.benchDatabaseUrl,
      CEILING_JWT_SECRET: secret,
      CEILING_QUEUE: 'bench_ceiling.rpc',
    };
    const children: Child[] = [];
    const stopChildren = () => Promise.all(children.map((c) => c.stop()));
    let ceilingUrl: string;
    try {
      children.push(await forkReady(path.join(__dirname, '..', 'ceiling', 'rpc-consumer.js'), ceilingEnv));
      const server = await forkReady(path.join(__dirname, '..', 'ceiling', 'rpc-server.js'), ceilingEnv);
      children.push(server);
      ceilingUrl = `http://127.0.0.1:${String(server.ready.port)}`;
    } catch (error) {
      await stopChildren();
      throw error;
    }

    const load = async (
      base: string,
      route: string,
      headers: Record<string, string>,
      clients: number,
      label: string,
      pids: () => Record<string, number | undefined>,
    ): Promise<Measurement> => {
      const client = new HttpClient(base, { maxSockets: clients, timeoutMs: 30_000 });
      const op = async (_client: number, seq: number) => {
        const answer = await client.request('POST', route, contactBody(seq, label), headers);
        if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text.slice(0, 200)}`);
      };
      try {
        if (context.warmupSeconds) await runLoad(op, { clients, seconds: context.warmupSeconds });
        // CPU per request of each process, measured over the timed window only.
        const meter = cpuMeter({ ...pids(), bench: process.pid });
        const result = await runLoad(op, { clients, seconds: context.seconds });
        return measurement(result, meter());
      } finally {
        client.close();
      }
    };

    const variants: Variant[] = CLIENTS.map((clients) => ({
      params: { clients },
      better: 'higher',
      product: () =>
        load(productUrl, '/api/v1/contacts', productHeaders, clients, 'Product', () => ({
          gateway: stack?.pids().gateway,
          crm: stack?.pids().crm,
        })),
      ceiling: () =>
        load(
          ceilingUrl,
          '/contacts',
          { authorization: `Bearer ${ceilingToken}` },
          clients,
          'Ceiling',
          () => ({
            server: children[1]?.process.pid,
            consumer: children[0]?.process.pid,
          }),
        ),
      bar: (summary) =>
        clients === BAR_CLIENTS && summary.ratio !== null
          ? { text: `ratio ≥ ${BAR_RATIO}`, pass: summary.ratio >= BAR_RATIO }
          : undefined,
    }));
    return {
      variants,
      notes: [
        ...notes,
        'ceiling: node:http + JWT check → amqplib direct reply-to (noDelay) → pg INSERT contact + outbox in one transaction; it has no outbox relay, the product also publishes every event',
      ],
      dispose: async () => {
        await stopChildren();
      },
    };
  },
};
