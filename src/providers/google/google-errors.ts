/**
 * Google's failures, read from the GaxiosError the clients throw, as ProviderErrors whose kind
 * tells the sync engine and the jobs what to do (contract: providers.md 1.5).
 */
import { ProviderError, type ProviderErrorKind } from '../provider.js';

const RATE_LIMIT_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'dailyLimitExceeded',
  'quotaExceeded',
]);

/**
 * 403 reasons that say the grant falls short for every calendar (a scope not granted or revoked):
 * only reconnecting helps, so the connection is marked for it (`auth`).
 */
const GRANT_REASONS = new Set(['insufficientPermissions', 'authError']);

/**
 * 403 reasons that say this one calendar is not readable with this account (unshared, or never
 * shared beyond free/busy): the calendar is `gone` for us while the account and its other
 * calendars work. Other 403s without a rate-limit reason (forbiddenForNonOrganizer on a write,
 * anything unknown) are `permanent`: the calendar's or the request's, never the connection's.
 */
const CALENDAR_REFUSED_REASONS = new Set(['forbidden', 'notFound', 'requiredAccessLevel']);

/**
 * 410 reasons that are about the sync token, not the calendar (providers.md 1.1): list the whole
 * calendar again. A 410 `deleted` is the calendar (or event) deleted.
 */
const FULL_SYNC_REASONS = new Set(['fullSyncRequired', 'updatedMinTooLongAgo']);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ECONNABORTED',
]);

interface GoogleFailure {
  status: number | null;
  reason: string | null;
  oauthError: string | null;
  message: string;
  retryAfterMs: number | null;
  networkCode: string | null;
}

export function mapGoogleError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = readFailure(error);
  const kind = kindOf(failure);
  return new ProviderError(
    'google',
    kind,
    `Google ${describe(failure, kind)} while ${doing}`,
    kind === 'rate_limit' || kind === 'transient' ? failure.retryAfterMs : null,
    { cause: error },
  );
}

/**
 * A 410 on events.list saying the sync token is no longer valid: a full sync is needed. One
 * without a reason counts too (the full listing that follows says whether the calendar is still
 * there); a 410 `deleted` does not.
 */
export function isFullSyncRequired(error: unknown): boolean {
  return isTokenGone(readFailure(causeOf(error)));
}

function isTokenGone(failure: GoogleFailure): boolean {
  return (
    failure.status === 410 && (failure.reason === null || FULL_SYNC_REASONS.has(failure.reason))
  );
}

/** A 401 from the API: the access token was not accepted (refreshing may help, once). */
export function isUnauthorized(error: unknown): boolean {
  return readFailure(causeOf(error)).status === 401;
}

function causeOf(error: unknown): unknown {
  return error instanceof ProviderError ? error.cause : error;
}

function kindOf(failure: GoogleFailure): ProviderErrorKind {
  const { status, reason, oauthError } = failure;
  if (oauthError === 'invalid_grant' || oauthError === 'invalid_client') return 'auth';
  if (oauthError === 'invalid_request') return 'invalid_input';
  if (status === null) return 'transient';
  if (status === 401) return 'auth';
  if (status === 429 || (status === 403 && reason !== null && RATE_LIMIT_REASONS.has(reason)))
    return 'rate_limit';
  if (status === 403 && reason !== null && GRANT_REASONS.has(reason)) return 'auth';
  if (status === 403 && reason !== null && CALENDAR_REFUSED_REASONS.has(reason)) return 'gone';
  if (status === 403) return 'permanent';
  // A sync token refused where no full listing follows (a page of the full listing itself):
  // the next run lists again.
  if (isTokenGone(failure)) return 'transient';
  if (status === 404 || status === 410) return 'gone';
  if (status === 408 || status >= 500) return 'transient';
  if (status === 400) return 'invalid_input';
  return 'permanent';
}

const KIND_NOTES: Partial<Record<ProviderErrorKind, string>> = {
  rate_limit: ' (rate limited)',
  gone: ' (deleted, or no longer shared with this Google account)',
};

function describe(failure: GoogleFailure, kind: ProviderErrorKind): string {
  if (failure.oauthError === 'invalid_grant') {
    return 'refused the stored authorisation (invalid_grant: expired or revoked); reconnect the Google account';
  }
  if (failure.status === null) {
    return `could not be reached (${failure.networkCode ?? failure.message})`;
  }
  const reason = failure.reason ?? failure.oauthError;
  return `answered ${failure.status}${reason ? ` ${reason}` : ''}${KIND_NOTES[kind] ?? ''}: ${
    failure.message
  }`;
}

interface GaxiosLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: unknown };
}

function readFailure(error: unknown): GoogleFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : null);
  const body = parsedBody(e.response?.data);
  const apiError = field(body, 'error');
  const firstError = Array.isArray(field(apiError, 'errors'))
    ? (field(apiError, 'errors') as unknown[])[0]
    : undefined;
  const reason = text(field(firstError, 'reason'));
  const oauthError = typeof apiError === 'string' ? apiError : null;
  const message =
    text(field(apiError, 'message')) ??
    text(field(body, 'error_description')) ??
    e.message ??
    'no details';
  return {
    status,
    reason,
    oauthError,
    message,
    retryAfterMs: retryAfter(header(e.response?.headers, 'retry-after')),
    networkCode: typeof e.code === 'string' && NETWORK_CODES.has(e.code) ? e.code : null,
  };
}

/** An error body as an object: calls that ask for text (events.list) get it as text. */
function parsedBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function header(headers: unknown, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = field(headers, name);
  return typeof value === 'string' ? value : null;
}

/** Retry-After is seconds or an HTTP date. */
function retryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
