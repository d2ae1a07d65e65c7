import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { isFullSyncRequired, isUnauthorized, mapGoogleError } from './google-errors.js';

function gaxios(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Request failed with status code ${status}`), {
    status,
    response: { status, data, headers: new Headers(headers) },
  });
}

function apiError(status: number, reason: string, domain = 'global') {
  return gaxios(status, {
    error: { code: status, message: reason, errors: [{ domain, reason, message: reason }] },
  });
}

function asText(error: ReturnType<typeof gaxios>) {
  error.response.data = JSON.stringify(error.response.data);
  return error;
}

describe('mapGoogleError', () => {
  it.each([
    [apiError(403, 'rateLimitExceeded', 'usageLimits'), 'rate_limit'],
    [apiError(403, 'userRateLimitExceeded', 'usageLimits'), 'rate_limit'],
    [apiError(429, 'rateLimitExceeded', 'usageLimits'), 'rate_limit'],
    // A write refused on one event, not the account's grant.
    [apiError(403, 'forbiddenForNonOrganizer', 'calendar'), 'permanent'],
    // The grant lacks a scope (not granted, or revoked): only reconnecting helps.
    [apiError(403, 'insufficientPermissions'), 'auth'],
    // This calendar is not readable with this account: the calendar's trouble, not the grant's.
    [apiError(403, 'forbidden'), 'gone'],
    [apiError(403, 'requiredAccessLevel', 'calendar'), 'gone'],
    [gaxios(403, 'Forbidden'), 'permanent'],
    [apiError(410, 'deleted', 'calendar'), 'gone'],
    // A sync token refused where no full listing follows: the next run lists again.
    [apiError(410, 'fullSyncRequired', 'calendar'), 'transient'],
    [apiError(401, 'authError'), 'auth'],
    [apiError(500, 'backendError'), 'transient'],
    [gaxios(503, 'Service Unavailable'), 'transient'],
    [apiError(404, 'notFound'), 'gone'],
    [apiError(400, 'timeRangeEmpty'), 'invalid_input'],
    [
      gaxios(400, {
        error: 'invalid_grant',
        error_description: 'Token has been expired or revoked.',
      }),
      'auth',
    ],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    // events.list asks for its body as text (the store keeps each item's own JSON).
    [asText(apiError(403, 'rateLimitExceeded', 'usageLimits')), 'rate_limit'],
    [asText(apiError(403, 'forbiddenForNonOrganizer', 'calendar')), 'permanent'],
    [asText(apiError(404, 'notFound')), 'gone'],
    [gaxios(502, '<html>Bad Gateway</html>'), 'transient'],
  ])('reads %s as %s', (error, kind) => {
    const mapped = mapGoogleError(error, 'listing events');
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped.kind).toBe(kind);
    expect(mapped.provider).toBe('google');
    expect(mapped.message).toContain('listing events');
  });

  it('says plainly that an invalid_grant needs the user to reconnect', () => {
    const mapped = mapGoogleError(
      gaxios(400, {
        error: 'invalid_grant',
        error_description: 'Token has been expired or revoked.',
      }),
      'refreshing the access token',
    );
    expect(mapped.message).toMatch(/invalid_grant.*reconnect/);
  });

  it('honours Retry-After on rate limits and outages only', () => {
    const limited = mapGoogleError(gaxios(429, {}, { 'retry-after': '30' }), 'x');
    expect(limited.retryAfterMs).toBe(30_000);
    const denied = mapGoogleError(gaxios(404, {}, { 'retry-after': '30' }), 'x');
    expect(denied.retryAfterMs).toBeNull();
  });

  it('recognises a 410 and a 401 through the ProviderError that wraps them', () => {
    const gone = mapGoogleError(apiError(410, 'fullSyncRequired', 'calendar'), 'x');
    expect(isFullSyncRequired(gone)).toBe(true);
    expect(isFullSyncRequired(mapGoogleError(apiError(404, 'notFound'), 'x'))).toBe(false);
    expect(isFullSyncRequired(mapGoogleError(apiError(410, 'updatedMinTooLongAgo'), 'x'))).toBe(
      true,
    );
    expect(isFullSyncRequired(mapGoogleError(gaxios(410, 'Gone'), 'x'))).toBe(true);
    // The calendar itself deleted: no full listing will bring it back.
    expect(isFullSyncRequired(mapGoogleError(apiError(410, 'deleted', 'calendar'), 'x'))).toBe(
      false,
    );
    expect(isUnauthorized(mapGoogleError(apiError(401, 'authError'), 'x'))).toBe(true);
  });
});
