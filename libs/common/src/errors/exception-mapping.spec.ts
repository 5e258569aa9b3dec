import { isDatabaseUnavailable, mapException } from './exception-mapping';

describe('a database that cannot be reached', () => {
  it.each([
    'Connection terminated unexpectedly',
    // A pooled client that lost its connection, queried again inside a transaction (seen under
    // load while PostgreSQL restarts): node-postgres throws a plain Error without a code.
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
  ])('is a 503 with Retry-After when node-postgres says "%s"', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    expect(mapException(new Error(message))).toMatchObject({
      status: 503,
      unexpected: false,
      headers: { 'Retry-After': expect.any(String) },
    });
  });

  it('leaves other plain errors as faults', () => {
    expect(mapException(new Error('Cannot read properties of undefined'))).toMatchObject({
      status: 500,
      unexpected: true,
    });
  });
});
