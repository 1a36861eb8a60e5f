import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ERROR_STATUS, type ErrorCode, type FieldProblem } from '@app/contracts';
import { DomainError } from '@app/platform';

/** The body of every error answer (RFC 9457), served as `application/problem+json`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

export interface Problem {
  body: ProblemBody;
  /** True when the error is ours (a bug or an outage), not the caller's: worth logging. */
  unexpected: boolean;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** A stable type per error code (`urn:problem:not-found`), or per status when no code fits. */
export function problemType(status: number): string {
  const code = CODE_BY_STATUS.get(status);
  return `urn:problem:${code ? code.toLowerCase().replace(/_/g, '-') : `http-${status}`}`;
}

function problem(status: number, detail: string, errors?: FieldProblem[]): ProblemBody {
  const body: ProblemBody = {
    type: problemType(status),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
  };
  if (errors?.length) body.errors = errors;
  return body;
}

function isFieldProblems(value: unknown): value is FieldProblem[] {
  return (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'object' && item !== null && 'path' in item && 'message' in item)
  );
}

/** Detail of a framework exception, without leaking what the framework put there for itself. */
function httpDetail(error: HttpException, status: number): string {
  if (status === 413) return 'The request body is larger than the limit of 1 MB';
  if (status === 400 && (error.cause instanceof SyntaxError || error.cause instanceof URIError))
    return error.cause instanceof URIError ? 'The URL is not valid' : 'The request body is not valid JSON';
  if (status >= 500) return 'The server could not answer this request';
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return error.message;
}

/**
 * Maps anything thrown while answering a request to problem+json, in one place: domain errors
 * (raised here or carried over RPC with their code) keep their status and field list; framework
 * exceptions keep their status; anything else is a 500 whose detail says nothing internal.
 */
export function toProblem(error: unknown, requestId?: string): Problem {
  if (error instanceof DomainError) {
    const status = ERROR_STATUS[error.code] ?? 500;
    if (status >= 500 && error.code === 'INTERNAL')
      return { body: problem(500, internalDetail(requestId)), unexpected: true };
    return { body: problem(status, error.message, error.errors), unexpected: status >= 500 };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const errors =
      typeof response === 'object' && response !== null
        ? (response as { errors?: unknown }).errors
        : undefined;
    return {
      body: problem(status, httpDetail(error, status), isFieldProblems(errors) ? errors : undefined),
      unexpected: status >= 500,
    };
  }
  return { body: problem(500, internalDetail(requestId)), unexpected: true };
}

function internalDetail(requestId?: string): string {
  return requestId
    ? `An unexpected error occurred; quote request id ${requestId} when reporting it`
    : 'An unexpected error occurred';
}
