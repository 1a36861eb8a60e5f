// The `rpc` ceiling's front process: the gateway's work with no framework. node:http, a JWT check,
// JSON in and out, and amqplib request-response with direct reply-to and Nagle off.
import http from 'node:http';
import { createSecretKey, randomUUID } from 'node:crypto';
import { connect, type ConsumeMessage } from 'amqplib';
import jwt from 'jsonwebtoken';

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';
const queue = process.env.CEILING_QUEUE ?? 'bench_ceiling.rpc';
// A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a
// public key on every verify, which costs more than the HMAC itself.
const secret = createSecretKey(Buffer.from(process.env.CEILING_JWT_SECRET ?? 'bench-ceiling-secret'));
const timeoutMs = Number(process.env.CEILING_TIMEOUT_MS ?? 5000);

interface Pending {
  res: http.ServerResponse;
  timer: NodeJS.Timeout;
}

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function main(): Promise<void> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672', {
    noDelay: true,
  });
  const channel = await connection.createChannel();
  const pending = new Map<string, Pending>();
  await channel.consume(
    REPLY_QUEUE,
    (message: ConsumeMessage | null) => {
      if (!message) return;
      const id = String(message.properties.correlationId);
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      clearTimeout(waiting.timer);
      const status = Number(message.properties.headers?.['x-status'] ?? 201);
      send(waiting.res, status, message.content.toString('utf8'));
    },
    { noAck: true },
  );

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/contacts') return send(res, 404, '{"status":404}');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let tenantId: string;
      let body: { type?: unknown; name?: unknown };
      try {
        const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        tenantId = (jwt.verify(token, secret, { algorithms: ['HS256'] }) as { tid: string }).tid;
      } catch {
        return send(res, 401, '{"status":401}');
      }
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return send(res, 400, '{"status":400}');
      }
      if ((body.type !== 'person' && body.type !== 'company') || typeof body.name !== 'string' || !body.name)
        return send(res, 400, '{"status":400}');
      const id = randomUUID();
      const timer = setTimeout(() => {
        pending.delete(id);
        send(res, 504, '{"status":504}');
      }, timeoutMs);
      pending.set(id, { res, timer });
      channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)), {
        correlationId: id,
        replyTo: REPLY_QUEUE,
        expiration: String(timeoutMs),
        contentType: 'application/json',
        headers: { 'x-tenant-id': tenantId, 'x-deadline': Date.now() + timeoutMs },
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.CEILING_PORT ?? 0), '127.0.0.1', resolve),
  );
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void connection.close().finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  process.send?.({ ready: false, error: error.message });
  process.exit(1);
});
