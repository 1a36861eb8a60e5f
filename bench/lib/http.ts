import http from 'node:http';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export interface HttpClientOptions {
  /** Sockets kept open; one per concurrent client so nobody waits for a socket. */
  maxSockets?: number;
  timeoutMs?: number;
}

/**
 * A keep-alive JSON client on node:http, the same for the product and its ceiling so neither
 * side is measured with a different client. Answers of any status resolve; only network errors
 * and timeouts reject.
 */
export class HttpClient {
  readonly agent: http.Agent;
  private readonly base: URL;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = this.timeoutMs,
  ): Promise<HttpAnswer<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port || 80,
          method,
          path: this.base.pathname.replace(/\/$/, '') + path,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text && /json/.test(String(res.headers['content-type'] ?? ''))) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, text });
          });
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Polls `url` until it answers 200, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isAlive?: () => string | null,
): Promise<void> {
  const started = Date.now();
  const target = new URL(url);
  const client = new HttpClient(target.origin, { maxSockets: 1, timeoutMs: 3000 });
  let last = 'no answer';
  try {
    while (Date.now() - started < timeoutMs) {
      const dead = isAlive?.();
      if (dead) throw new Error(dead);
      try {
        const answer = await client.request('GET', target.pathname + target.search);
        if (answer.status === 200) return;
        last = `${answer.status} ${answer.text.slice(0, 300)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(500);
    }
    throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
  } finally {
    client.close();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
