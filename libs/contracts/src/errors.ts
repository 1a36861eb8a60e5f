/**
 * Stable error codes carried across the broker: a service raises a domain error with one of these,
 * the gateway maps it to problem+json once, so it never guesses from a message text.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  path: string;
  message: string;
}

export interface RpcErrorBody {
  code: ErrorCode;
  message: string;
  errors?: FieldProblem[];
}

export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: RpcErrorBody };
