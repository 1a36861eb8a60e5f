import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, notFound, unprocessable } from '@app/platform';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('keeps the status, message and field list of a domain error carried over RPC', () => {
    const error = unprocessable('The invoice cannot be issued', [
      { path: 'lines', message: 'at least one line' },
    ]);
    expect(toProblem(error).body).toEqual({
      type: 'urn:problem:unprocessable',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'The invoice cannot be issued',
      errors: [{ path: 'lines', message: 'at least one line' }],
    });
  });

  it('answers 404 for another tenant’s record exactly as for a missing one', () => {
    expect(toProblem(notFound('Contact')).body).toMatchObject({ status: 404, detail: 'Contact not found' });
  });

  it('maps an unreachable or slow service to 503 and 504, flagged for the log', () => {
    const down = toProblem(new DomainError('UNAVAILABLE', 'The crm service is not running'));
    const slow = toProblem(new DomainError('TIMEOUT', 'The crm service did not answer within 5000 ms'));
    expect([down.body.status, slow.body.status]).toEqual([503, 504]);
    expect(down.unexpected && slow.unexpected).toBe(true);
  });

  it('never repeats the internal message of a service’s INTERNAL error', () => {
    const problem = toProblem(new DomainError('INTERNAL', 'relation "x" does not exist'), 'req-1');
    expect(problem.body.status).toBe(500);
    expect(problem.body.detail).not.toContain('relation');
    expect(problem.body.detail).toContain('req-1');
  });

  it('keeps the status of framework exceptions', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/v1/nope')).body).toMatchObject({
      status: 404,
      detail: 'Cannot GET /api/v1/nope',
    });
    expect(toProblem(new ThrottlerException('Too many attempts')).body).toMatchObject({
      status: 429,
      type: 'urn:problem:rate-limited',
      detail: 'Too many attempts',
    });
  });

  it('says the body is not JSON without echoing the parser’s message', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { status: 400 });
    const problem = toProblem(new BadRequestException(parse.message, { cause: parse }));
    expect(problem.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' });
  });

  it('explains the body size limit on 413', () => {
    expect(toProblem(new HttpException('request entity too large', 413)).body.detail).toMatch(/1 MB/);
  });

  it('turns anything else into a 500 with no stack and no internal message', () => {
    const problem = toProblem(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(problem.unexpected).toBe(true);
    expect(problem.body).toEqual({
      type: 'urn:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred',
    });
  });
});
