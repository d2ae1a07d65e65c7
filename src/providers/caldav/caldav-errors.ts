/**
 * CalDAV failures as ProviderErrors whose kind tells the sync engine and the jobs what to do
 * (contract: providers.md 4.1). tsdav's request helpers return the status of a failed request
 * instead of throwing, but its discovery throws plain Errors: both end up here.
 */
import { blockedAddressOf } from '../public-fetch.js';
import { ProviderError, type ProviderErrorKind } from '../provider.js';
import { describeNetworkFailure } from '../network-failure.js';

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNABORTED',
]);

/** An HTTP status (of a request, or of one entry of a multistatus) as an error kind. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  // Forbidden: this account may not read that collection; signing in again would not change it.
  if (status === 403) return 'permanent';
  if (status === 404 || status === 410) return 'gone';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status >= 500) return 'transient';
  if (status === 400 || status === 422) return 'invalid_input';
  return 'permanent';
}

/** A failed HTTP answer as a ProviderError; `doing` says what was being done, for the message. */
export function statusError(
  status: number,
  doing: string,
  retryAfter: string | null = null,
): ProviderError {
  const kind = status === 503 && retryAfter !== null ? 'rate_limit' : kindOfStatus(status);
  return new ProviderError(
    'caldav',
    kind,
    `the CalDAV server answered HTTP ${status} while ${doing}${explain(status)}`,
    kind === 'rate_limit' || kind === 'transient' ? retryAfterMs(retryAfter) : null,
  );
}

function explain(status: number): string {
  if (status === 401) return ': the username or app password was refused';
  if (status === 403) return ': this account may not read it';
  return '';
}

/** A request that never got an answer: refused, reset, timed out. */
export function unreachableError(error: unknown, url: string): ProviderError {
  // Not passing trouble: the address is one calendars may not be fetched from.
  const blocked = blockedAddressOf(error);
  if (blocked)
    return new ProviderError('caldav', 'permanent', blocked.message, null, { cause: error });
  return new ProviderError(
    'caldav',
    'transient',
    `could not reach the CalDAV server at ${new URL(url).origin}: ${describeNetworkFailure(error)}`,
    null,
    { cause: error },
  );
}

/**
 * Whether a sync-collection answer says the token is no longer valid (RFC 6578 3.2: the
 * DAV:valid-sync-token precondition, with 403 on Radicale and 409 on some other servers).
 * The client then lists the collection again from an empty token.
 */
export function isInvalidSyncToken(status: number, body: string): boolean {
  if (status !== 403 && status !== 409) return false;
  return /valid-sync-token/i.test(body) || (status === 409 && body.trim() === '');
}

/** Anything thrown while talking to a CalDAV server, as a ProviderError. */
export function mapCaldavError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // tsdav's discovery says these in words rather than statuses.
  if (/invalid credentials|401/i.test(message)) return statusError(401, doing);
  if (/cannot find (principalUrl|homeUrl)/i.test(message)) {
    return new ProviderError(
      'caldav',
      'invalid_input',
      `no CalDAV service was found while ${doing} (${message}): check the server URL`,
      null,
      { cause: error },
    );
  }
  if (isNetworkFailure(error)) {
    return new ProviderError(
      'caldav',
      'transient',
      `${doing} failed: ${describeNetworkFailure(error)}`,
      null,
      {
        cause: error,
      },
    );
  }
  return new ProviderError('caldav', 'permanent', `${doing} failed: ${message}`, null, {
    cause: error,
  });
}

/** A fetch that failed before any answer (a TypeError from undici, or an abort by timeout). */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError') return true;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown }).cause);
  return (code !== null && NETWORK_CODES.has(code)) || error.message === 'fetch failed';
}

function codeOf(value: unknown): string | null {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
