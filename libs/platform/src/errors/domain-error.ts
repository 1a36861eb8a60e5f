import { ERROR_STATUS, type ErrorCode, type FieldProblem, type RpcErrorBody } from '@app/contracts';

/**
 * An expected failure with a stable code. Thrown by a service's handlers, carried across the broker
 * as `{code, message, errors}`, and turned into problem+json once, at the gateway.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): RpcErrorBody {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }

  static fromBody(body: RpcErrorBody): DomainError {
    return new DomainError(body.code, body.message, body.errors);
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const unprocessable = (message: string, errors?: FieldProblem[]) =>
  new DomainError('UNPROCESSABLE', message, errors);
export const badRequest = (message: string, errors?: FieldProblem[]) =>
  new DomainError('BAD_REQUEST', message, errors);
export const forbidden = (message = 'Your role does not allow this') => new DomainError('FORBIDDEN', message);

/**
 * Call just before committing a change that must not happen unseen: when the caller has (nearly)
 * given up, it would answer 504 while the change commits anyway. Throwing rolls the change back.
 */
export function assertCallerStillWaiting(timeLeftMs: number, marginMs = 250): void {
  if (timeLeftMs < marginMs)
    throw new DomainError(
      'TIMEOUT',
      'The request took too long and was not carried out; it is safe to retry',
    );
}
