import type { FieldProblem } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { badRequest } from './domain-error';

/** Flattens class-validator errors into `{path, message}` pairs with dotted paths (`address.country`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) problems.push({ path, message });
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

/** Validates a plain payload against a contract class; unknown fields are an error, not ignored. */
export async function validatePayload<T extends object>(cls: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw badRequest('The body must be a JSON object', [{ path: '', message: 'must be an object' }]);
  const instance = plainToInstance(cls, payload);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length) throw badRequest('The request is not valid', flattenValidationErrors(errors));
  return instance;
}
