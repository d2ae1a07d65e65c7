import { describe, expect, it } from 'vitest';
import { ServiceError } from 'ews-javascript-api';
import { isInvalidSyncState, isSubscriptionGone, mapExchangeError } from './exchange-errors.js';

/** What ews-javascript-api throws, by shape (SoapFaultDetails or ServiceResponseException). */
function fault(fields: { status?: number; code?: keyof typeof ServiceError; backOff?: string }) {
  return {
    message: 'failed',
    HttpStatusCode: fields.status,
    ResponseCode: fields.code ? ServiceError[fields.code] : 0,
    ErrorCode: 0,
    ErrorDetails: {
      get(key: string) {
        if (key === 'BackOffMilliseconds' && fields.backOff) return fields.backOff;
        throw new Error('key not found');
      },
    },
  };
}

const kind = (error: unknown) => mapExchangeError(error, 'testing').kind;

describe('mapExchangeError', () => {
  it('says a connection that carried no answer could not reach Exchange, not that it answered', () => {
    const untrusted = {
      ...fault({ code: 'ErrorInternalServerError' }),
      message: 'self-signed certificate',
    };
    const refused = {
      ...fault({ code: 'ErrorInternalServerError' }),
      message: 'connect ECONNREFUSED 127.0.0.1:1',
    };
    for (const error of [untrusted, refused]) {
      const mapped = mapExchangeError(error, 'reading the calendar');
      expect(mapped.message).toMatch(/^Exchange could not be reached \(/);
      expect(mapped.kind).toBe('transient');
    }
    const answered = mapExchangeError(fault({ code: 'ErrorInternalServerError' }), 'reading');
    expect(answered.message).toBe(
      'Exchange answered ErrorInternalServerError: failed while reading',
    );
  });

  it('reads ErrorServerBusy as rate_limit with its BackOffMilliseconds', () => {
    const mapped = mapExchangeError(
      fault({ status: 500, code: 'ErrorServerBusy', backOff: '30000' }),
      'syncing',
    );
    expect(mapped).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    expect(mapped.message).toContain('back off 30000 ms');
  });

  it('reads HTTP 503 as rate_limit, and 401 as auth whatever code the library set', () => {
    expect(kind(fault({ status: 503, code: 'ErrorInternalServerError' }))).toBe('rate_limit');
    expect(kind(fault({ status: 401, code: 'ErrorInternalServerError' }))).toBe('auth');
  });

  it('reads 403 and access denied as permanent, 5xx and dropped connections as transient', () => {
    expect(kind(fault({ status: 403 }))).toBe('permanent');
    expect(kind({ ErrorCode: ServiceError.ErrorAccessDenied, message: 'denied' })).toBe(
      'permanent',
    );
    expect(kind(fault({ status: 502 }))).toBe('transient');
    expect(kind(fault({ code: 'ErrorInternalServerError' }))).toBe('transient');
    expect(kind(new Error('socket hang up'))).toBe('transient');
    expect(kind(fault({ status: 500, code: 'ErrorSchemaValidation' }))).toBe('permanent');
  });

  it('recognises a stale SyncState and a lost subscription, also inside a ProviderError', () => {
    const stale = { ErrorCode: ServiceError.ErrorInvalidSyncStateData, message: 'bad state' };
    expect(isInvalidSyncState(stale)).toBe(true);
    expect(isInvalidSyncState(mapExchangeError(stale, 'syncing'))).toBe(true);
    expect(isSubscriptionGone({ ErrorCode: ServiceError.ErrorInvalidWatermark })).toBe(true);
    expect(isSubscriptionGone({ ErrorCode: ServiceError.ErrorSubscriptionNotFound })).toBe(true);
    expect(isSubscriptionGone(fault({ status: 500 }))).toBe(false);
  });
});
