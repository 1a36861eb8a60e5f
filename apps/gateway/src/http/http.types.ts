import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcCaller } from '@app/contracts';

/**
 * The parts of Express's request and response the gateway uses (@types/express is not installed;
 * these are the documented Express 5 members).
 */
export interface GatewayRequest extends IncomingMessage {
  method: string;
  originalUrl: string;
  path: string;
  ip?: string;
  body?: unknown;
  /** Set by the correlation middleware before anything else runs. */
  correlationId?: string;
  /** Set by the auth guard on every route that is not public. */
  caller?: RpcCaller;
}

export interface GatewayResponse extends ServerResponse {
  status(code: number): this;
  type(contentType: string): this;
  send(body?: unknown): this;
  json(body: unknown): this;
}

export type NextFn = (error?: unknown) => void;
