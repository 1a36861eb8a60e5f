// HTTP helpers for end-to-end tests: talk to the gateway of the stack the global setup started,
// exactly as a front end would.
import { randomUUID } from 'node:crypto';

export const E2E_URL = `http://127.0.0.1:${process.env.E2E_PORT || 3100}`;

/** Parsed response bodies are whatever the API sent: tests read fields off them freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export interface ApiResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Parsed JSON (also problem+json), text for text/* and XML, a Buffer otherwise (PDF), or null. */
  body: Body;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (malformed JSON, huge payloads); content-type defaults to application/json. */
  raw?: string | Buffer;
  /** Sent as multipart/form-data (uploads). */
  form?: FormData;
  /** Base URL of another gateway instance; defaults to E2E_URL. */
  baseUrl?: string;
  timeoutMs?: number;
}

/** '/contacts' → '/api/v1/contacts'; paths starting with '/api/' and absolute URLs are kept. */
export function urlFor(path: string, baseUrl = E2E_URL): string {
  if (/^https?:\/\//.test(path)) return path;
  if (path.startsWith('/api/')) return `${baseUrl}${path}`;
  return `${baseUrl}/api/v1${path.startsWith('/') ? path : `/${path}`}`;
}

export async function request(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: 'application/json, */*' };
  let body: string | Buffer | FormData | undefined;
  if (options.form !== undefined) body = options.form;
  else if (options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const response = await fetch(urlFor(path, options.baseUrl), {
    method: method.toUpperCase(),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 30000),
  });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  const type = responseHeaders['content-type'] ?? '';
  const bytes = Buffer.from(await response.arrayBuffer());
  let parsed: Body;
  if (bytes.length === 0) parsed = null;
  else if (/[/+]json\b/.test(type)) {
    const text = bytes.toString('utf8');
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  } else if (type.startsWith('text/') || /[/+]xml\b/.test(type)) parsed = bytes.toString('utf8');
  else parsed = bytes;
  return { status: response.status, headers: responseHeaders, body: parsed };
}

export interface SignUpInput {
  companyName: string;
  country: string;
  email: string;
  password: string;
}

export interface TestTenant {
  token: string;
  tenantId: string;
  userId: string;
  email: string;
  password: string;
}

/** Signs up a fresh tenant with a random email; fails the test with the answer if it is not 201. */
export async function signUp(overrides: Partial<SignUpInput> = {}): Promise<TestTenant> {
  const suffix = randomUUID().slice(0, 8);
  const input: SignUpInput = {
    companyName: `Test Company ${suffix} SRL`,
    country: 'RO',
    email: `e2e-${randomUUID()}@example.com`,
    password: 'correct-horse-battery-9',
    ...overrides,
  };
  const response = await request('POST', '/auth/signup', { body: input });
  if (response.status !== 201)
    throw new Error(`sign-up answered ${response.status}: ${JSON.stringify(response.body)}`);
  return {
    token: response.body.accessToken,
    tenantId: response.body.tenant.id,
    userId: response.body.user.id,
    email: input.email,
    password: input.password,
  };
}

/** Logs in; returns the access token, or throws with the answer. */
export async function login(email: string, password: string): Promise<string> {
  const response = await request('POST', '/auth/login', { body: { email, password } });
  if (response.status !== 200)
    throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}
