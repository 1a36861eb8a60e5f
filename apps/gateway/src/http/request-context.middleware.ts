import { randomUUID } from 'node:crypto';
import { requestContext } from '@app/platform';
import type { GatewayRequest, GatewayResponse, NextFn } from './http.types';

/** A caller's id is reused only when it is a plain token, so it cannot forge or split log lines. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function headerValue(req: GatewayRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function correlationIdOf(req: GatewayRequest): string {
  const given = headerValue(req, 'x-request-id') ?? headerValue(req, 'x-correlation-id');
  return given && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** First middleware: fixes the request's correlation id and echoes it on the answer. */
export function assignCorrelationId(req: GatewayRequest, res: GatewayResponse, next: NextFn): void {
  req.correlationId = correlationIdOf(req);
  res.setHeader('X-Request-Id', req.correlationId);
  next();
}

/**
 * Runs the rest of the request inside the request context, so every log line, RPC and event it
 * causes carries the correlation id. Registered after the body parser: a stream's callbacks run
 * in the socket's async context, which would lose a context entered before the body was read.
 */
export function runInRequestContext(req: GatewayRequest, _res: GatewayResponse, next: NextFn): void {
  requestContext.run({ correlationId: req.correlationId ?? correlationIdOf(req) }, () => next());
}
