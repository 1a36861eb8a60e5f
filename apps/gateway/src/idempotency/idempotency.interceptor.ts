import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { catchError, concatMap, from, type Observable, of, switchMap, throwError } from 'rxjs';
import { badRequest, conflict, unprocessable } from '@app/platform';
import type { GatewayRequest, GatewayResponse } from '../http/http.types';
import { IdempotencyRepository, type KeyRequest } from './idempotency.repository';
import { requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** Answer headers worth giving back on a replay. */
const KEPT_HEADERS = ['location'];

/**
 * `Idempotency-Key` on any POST. Keys are per tenant (per key alone on sign-up and login). The
 * same key and request within 24 h replays the first answer with `Idempotent-Replayed: true`;
 * another request under the key answers 422; a second request while the first still runs
 * answers 409 (retry later) rather than waiting. Only successful answers are kept: a failed
 * request changed nothing, so its key is released and may be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly keys: IdempotencyRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const res = context.switchToHttp().getResponse<GatewayResponse>();
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (req.method !== 'POST' || raw === undefined) return next.handle();
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY_FORMAT.test(key))
      throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    const request: KeyRequest = {
      scope: req.caller?.tenantId ?? 'public',
      key,
      tenantId: req.caller?.tenantId ?? null,
      method: req.method,
      path: req.originalUrl,
      hash: requestFingerprint(req.method, req.originalUrl, req.body, {
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
      }),
    };
    return from(this.keys.claim(request)).pipe(
      switchMap((claim) => {
        switch (claim.kind) {
          case 'mismatch':
            throw unprocessable('This Idempotency-Key was already used with another request');
          case 'in-progress':
            throw conflict('A request with this Idempotency-Key is still in progress; retry shortly');
          case 'replay':
            res.status(claim.answer.status);
            for (const [name, value] of Object.entries(claim.answer.headers)) res.setHeader(name, value);
            res.setHeader(REPLAYED_HEADER, 'true');
            return of(claim.answer.body ?? undefined);
          case 'claimed':
            return this.runOnce(request, res, next);
        }
      }),
    );
  }

  private runOnce(request: KeyRequest, res: GatewayResponse, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        if (body instanceof StreamableFile || Buffer.isBuffer(body)) {
          await this.keys.release(request.scope, request.key); // not replayable: do not pretend
          return body;
        }
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = res.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        try {
          await this.keys.complete(request.scope, request.key, { status: res.statusCode, body, headers });
        } catch (error) {
          // The effect happened; answer it. The key stays "in progress" until it is abandoned.
          this.logger.warn(`could not store the answer for key ${request.key}: ${(error as Error).message}`);
        }
        return body;
      }),
      catchError((error: unknown) =>
        from(this.keys.release(request.scope, request.key).catch(() => undefined)).pipe(
          switchMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}
