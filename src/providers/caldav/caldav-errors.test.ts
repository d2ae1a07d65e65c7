import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { isInvalidSyncToken, mapCaldavError, statusError } from './caldav-errors.js';

describe('statusError', () => {
  it.each([
    [401, 'auth'],
    [403, 'permanent'],
    [404, 'gone'],
    [429, 'rate_limit'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [400, 'invalid_input'],
    [412, 'permanent'],
  ])('reads HTTP %s as %s', (status, kind) => {
    const error = statusError(status, 'listing');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind, provider: 'caldav' });
    expect(error.message).toContain('listing');
  });

  it('reads a 503 with Retry-After as a rate limit that says when to come back', () => {
    expect(statusError(503, 'x', '12')).toMatchObject({ kind: 'rate_limit', retryAfterMs: 12_000 });
    expect(statusError(404, 'x', '12').retryAfterMs).toBeNull();
  });

  it('says a 401 means the password was refused', () => {
    expect(statusError(401, 'discovering').message).toMatch(/username or app password was refused/);
  });
});

describe('isInvalidSyncToken', () => {
  it('knows the DAV:valid-sync-token precondition on 403 and 409 only', () => {
    expect(isInvalidSyncToken(403, '<error xmlns="DAV:"><valid-sync-token /></error>')).toBe(true);
    expect(isInvalidSyncToken(409, '')).toBe(true);
    expect(isInvalidSyncToken(403, 'Forbidden')).toBe(false);
    expect(isInvalidSyncToken(400, '<valid-sync-token/>')).toBe(false);
  });
});

describe('mapCaldavError', () => {
  it("reads tsdav's discovery errors", () => {
    expect(mapCaldavError(new Error('cannot find homeUrl'), 'discovering')).toMatchObject({
      kind: 'invalid_input',
    });
    expect(
      mapCaldavError(new Error('Invalid credentials: PROPFIND / returned 401'), 'discovering'),
    ).toMatchObject({ kind: 'auth' });
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    expect(mapCaldavError(timeout, 'syncing')).toMatchObject({ kind: 'transient' });
    expect(mapCaldavError(new Error('odd'), 'syncing')).toMatchObject({ kind: 'permanent' });
  });
});
