import { isUnavailableError } from './unavailable-error';

describe('isUnavailableError', () => {
  it('recognises an unreachable or restarting database, also wrapped by TypeORM', () => {
    expect(
      isUnavailableError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isUnavailableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailableError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    expect(isUnavailableError(Object.assign(new Error('query failed'), { driverError: shutdown }))).toBe(
      true,
    );
    expect(isUnavailableError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
  });

  it('does not excuse errors in the work itself', () => {
    expect(isUnavailableError(new Error('the handler fails on purpose'))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(false);
    expect(isUnavailableError(undefined)).toBe(false);
  });
});
