import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { badRequest, flattenValidationErrors } from '@app/platform';

/**
 * Validates bodies and queries against the contract classes: unknown fields are refused (not
 * silently dropped), errors name each field by its dotted path. A missing body counts as `{}`, so
 * calls whose body is optional (`POST /invoices/{id}/issue`) need none.
 */
@Injectable()
export class GatewayValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validateCustomDecorators: false,
      exceptionFactory: (errors) => badRequest('The request is not valid', flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      if (value === undefined || value === null) value = {};
      else if (typeof value !== 'object' || Array.isArray(value))
        throw badRequest('The body must be a JSON object', [{ path: '', message: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}
