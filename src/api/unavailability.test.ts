import { describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE, unavailabilityOf } from './unavailability.js';

/** An error as pg gives it: a message, and a SQLSTATE code when the server answered. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('unavailabilityOf: PostgreSQL', () => {
  it('reads a connection never answered and a query never answered as the database unavailable', () => {
    for (const message of [
      'Connection terminated due to connection timeout',
      'Query read timeout',
    ]) {
      expect(unavailabilityOf(pgError(message))).toEqual({
        message: DATABASE_UNAVAILABLE,
        reason: message,
      });
    }
  });

  it('does not read a statement the server cancelled at its bound as unavailability', () => {
    const cancelled = pgError('canceling statement due to statement timeout', '57014');
    expect(unavailabilityOf(cancelled)).toBeNull();
    expect(unavailabilityOf(pgError('Query read timeout in a sentence'))).toBeNull();
  });
});
