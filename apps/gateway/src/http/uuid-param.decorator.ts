import { Param, ParseUUIDPipe } from '@nestjs/common';
import { badRequest } from '@app/platform';

/** A path parameter that must be a UUID: anything else answers 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        badRequest(`${name} must be a UUID`, [{ path: name, message: 'must be a UUID' }]),
    }),
  );
