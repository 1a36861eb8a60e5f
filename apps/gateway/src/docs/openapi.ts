import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeContractClasses } from './contract-schemas';

export const DOCS_PATH = 'api/docs';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  describeContractClasses();
  const config = new DocumentBuilder()
    .setTitle('Invoicing API')
    .setDescription(
      'Invoices, proformas, offers and receipts for a CRM. Errors are application/problem+json; ' +
        'every POST accepts an Idempotency-Key header.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves the OpenAPI document at /api/docs (UI) and /api/docs-json, outside /api/v1 and auth. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApi(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
  });
}
