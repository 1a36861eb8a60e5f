import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { setupOpenApi } from '../docs/openapi';
import { refuseDeepJson } from './json-depth';
import { assignCorrelationId, runInRequestContext } from './request-context.middleware';

export const API_PREFIX = 'api/v1';
export const JSON_LIMIT = '1mb';

/** Everything main.ts sets on the application before it listens, in order. */
export function configureGateway(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // The socket's address is the client's: X-Forwarded-For is not trusted (rate limits use it).
  express.set('trust proxy', false);
  express.disable('x-powered-by');
  express.use(assignCorrelationId);
  express.use(helmet());
  express.useBodyParser('json', { limit: JSON_LIMIT, type: ['application/json', 'application/*+json'] });
  express.use(refuseDeepJson);
  express.use(runInRequestContext);
  express.setGlobalPrefix(API_PREFIX);
  express.enableShutdownHooks();
  setupOpenApi(express);
}
