import { GraphError } from '@microsoft/microsoft-graph-client';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import {
  isNotFound,
  isResyncRequired,
  isUnauthorized,
  mapMicrosoftError,
  retryAfter,
} from './microsoft-errors.js';

function graphError(status: number, code: string, headers: Record<string, string> = {}) {
  const error = new GraphError(status, `${code} happened`);
  error.code = code;
  error.headers = new Headers(headers);
  return error;
}

const kindOf = (error: unknown) => mapMicrosoftError(error, 'testing');

describe('mapMicrosoftError', () => {
  it('throttling (429, and 503/504 with Retry-After) is rate_limit with the wait', () => {
    for (const [status, code] of [
      [429, 'TooManyRequests'],
      [429, 'MailboxConcurrency'],
      [503, 'ServiceUnavailable'],
      [504, 'GatewayTimeout'],
    ] as const) {
      const mapped = kindOf(graphError(status, code, { 'retry-after': '7' }));
      expect([mapped.kind, mapped.retryAfterMs]).toEqual(['rate_limit', 7_000]);
      expect(mapped.message).toContain(code);
    }
  });

  it('5xx without Retry-After, and no answer at all, are transient', () => {
    expect(kindOf(graphError(503, 'ServiceUnavailable')).kind).toBe('transient');
    expect(kindOf(graphError(500, 'generalException')).kind).toBe('transient');
    const dropped = new GraphError(-1, 'socket hang up');
    dropped.code = 'Error';
    const mapped = kindOf(dropped);
    expect(mapped.kind).toBe('transient');
    expect(mapped.message).toMatch(/could not be reached \(socket hang up\)/);
    expect(kindOf(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).kind).toBe(
      'transient',
    );
  });

  it('410 and syncStateNotFound are gone, and ask for a resync', () => {
    const gone = graphError(410, 'resyncRequired', { location: 'https://graph/x' });
    const evicted = graphError(400, 'syncStateNotFound');
    expect([kindOf(gone).kind, kindOf(evicted).kind]).toEqual(['gone', 'gone']);
    expect(isResyncRequired(kindOf(gone))).toBe(true);
    expect(isResyncRequired(evicted)).toBe(true);
    expect(isResyncRequired(graphError(400, 'BadRequest'))).toBe(false);
  });

  it('reads error codes without regard to case (Outlook also sends SyncStateNotFound)', () => {
    // microsoftgraph/microsoft-graph-docs#2350, #2877: the capitalised spelling, with a 4xx.
    for (const status of [400, 404, 410]) {
      const evicted = graphError(status, 'SyncStateNotFound');
      expect(kindOf(evicted).kind).toBe('gone');
      expect(isResyncRequired(evicted)).toBe(true);
      expect(isResyncRequired(kindOf(evicted))).toBe(true);
    }
    expect(kindOf(graphError(400, 'SYNCSTATENOTFOUND')).kind).toBe('gone');
    expect(kindOf(graphError(410, 'ResyncRequired')).kind).toBe('gone');
    const grant = new ServerError('INVALID_GRANT', 'AADSTS700082: expired', '', '', '', 400);
    expect(kindOf(grant).kind).toBe('auth');
    expect(kindOf(grant).message).toMatch(/reconnect the Microsoft account/);
    const secret = new ServerError('Invalid_Client', 'AADSTS7000222', '', '', '', 401);
    expect(kindOf(secret).kind).toBe('permanent');
    const throttled = new ServerError('Temporarily_Unavailable', 'c', 'AADSTS50196', '', '', 429);
    expect(kindOf(throttled).kind).toBe('rate_limit');
  });

  it('401 is auth and asks for one refresh; 403 is permanent (reconnecting would not help); 404 is gone', () => {
    const refused = graphError(401, 'InvalidAuthenticationToken');
    expect(kindOf(refused).kind).toBe('auth');
    expect(isUnauthorized(kindOf(refused))).toBe(true);
    expect(kindOf(graphError(403, 'ErrorAccessDenied')).kind).toBe('permanent');
    expect(isNotFound(graphError(404, 'ErrorItemNotFound'))).toBe(true);
    expect(kindOf(graphError(400, 'BadRequest')).kind).toBe('invalid_input');
  });

  it("MSAL's invalid_grant and interaction_required are auth, saying to reconnect", () => {
    const expired = new ServerError(
      'invalid_grant',
      'corr',
      'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 1 Correlation ID: 2',
      '',
      '700082',
      400,
    );
    const mfa = new InteractionRequiredAuthError(
      'interaction_required',
      'AADSTS50076: you must use multi-factor authentication',
      'basic_action',
    );
    for (const error of [expired, mfa]) {
      const mapped = kindOf(error);
      expect(mapped.kind).toBe('auth');
      expect(mapped.message).toMatch(/reconnect the Microsoft account/);
      expect(mapped.retryAfterMs).toBeNull();
    }
  });

  it("the app's own credentials refused (invalid_client) is permanent: no user can fix it", () => {
    const secret = new ServerError(
      'invalid_client',
      'AADSTS7000222: secret expired',
      'AADSTS7000222',
      '',
      '',
      401,
    );
    expect(kindOf(secret).kind).toBe('permanent');
  });

  it("the token endpoint's throttling is rate_limit, its outage transient", () => {
    const throttled = new ServerError('temporarily_unavailable', 'c', 'AADSTS50196', '', '', 429);
    const down = new ServerError('temporarily_unavailable', 'c', 'AADSTS90033', '', '', 503);
    expect([kindOf(throttled).kind, kindOf(down).kind]).toEqual(['rate_limit', 'transient']);
  });

  it('a 503 or 504 that says how long to wait is rate_limit, from Graph or the token endpoint', () => {
    // One rule: the answer, not the endpoint, decides. MSAL holds back the same token request
    // for the Retry-After by itself (contract 2.5), as the mailbox gate does for Graph.
    const tokenEndpoint = (status: number, headers: Record<string, string>) =>
      Object.assign(
        new ServerError('temporarily_unavailable', 'c', 'AADSTS90033', '', '', status),
        {
          headers,
        },
      );
    for (const status of [503, 504]) {
      for (const error of [
        graphError(status, 'ServiceUnavailable', { 'retry-after': '9' }),
        tokenEndpoint(status, { 'retry-after': '9' }),
      ]) {
        const mapped = kindOf(error);
        expect([mapped.kind, mapped.retryAfterMs]).toEqual(['rate_limit', 9_000]);
        expect(mapped.message).toMatch(new RegExp(`answered ${status} .*\\(throttled\\)`));
      }
      for (const error of [graphError(status, 'ServiceUnavailable'), tokenEndpoint(status, {})]) {
        expect([kindOf(error).kind, kindOf(error).retryAfterMs]).toEqual(['transient', null]);
      }
    }
  });

  it('keeps a ProviderError as it is', () => {
    const error = new ProviderError('microsoft', 'gone', 'x');
    expect(mapMicrosoftError(error, 'again')).toBe(error);
  });
});

describe('retryAfter', () => {
  it('reads seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(retryAfter('3', now)).toBe(3_000);
    expect(retryAfter('Sun, 01 Mar 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('soon', now)).toBeNull();
    expect(retryAfter(null, now)).toBeNull();
  });
});
