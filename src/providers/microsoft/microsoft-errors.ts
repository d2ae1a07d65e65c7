/**
 * Microsoft's failures, read from what the official clients throw (GraphError from the Graph SDK,
 * AuthError subclasses from MSAL), as ProviderErrors whose kind tells the sync engine and the jobs
 * what to do (contract: providers.md 2.4, 2.5).
 */
import { ProviderError, type ProviderErrorKind } from '../provider.js';

/**
 * Error codes are compared without regard to case: Outlook spells some of them differently from
 * the documentation (`SyncStateNotFound` beside `syncStateNotFound`, microsoftgraph/
 * microsoft-graph-docs#2350 and #2877), and a spelling not recognised would turn a signal into
 * `invalid_input`, which is never retried. The sets below hold lower-case codes; `codeIn` looks
 * them up.
 */
const codes = (...list: string[]): ReadonlySet<string> =>
  new Set(list.map((code) => code.toLowerCase()));

function codeIn(set: ReadonlySet<string>, code: string | null): boolean {
  return code !== null && set.has(code.toLowerCase());
}

/** MSAL error codes that mean the user has to sign in again. */
const REAUTH_CODES = codes(
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'no_tokens_found',
  'no_account_in_silent_request',
);

/**
 * The application's own credentials were refused (an expired client secret, an app not allowed
 * in the tenant): every user would be asked to reconnect for nothing; an operator must act.
 */
const APP_CODES = codes('invalid_client', 'unauthorized_client');

/** The delta state is gone: start a new round (410 resyncRequired, or syncStateNotFound). */
const RESYNC_CODES = codes('resyncRequired', 'syncStateNotFound');

/** The token endpoint is throttling or shedding load (AADSTS50196, 90033). */
const UNAVAILABLE_CODES = codes('temporarily_unavailable');

const THROTTLE_STATUSES = new Set([429]);
const UNAVAILABLE_STATUSES = new Set([503, 504]);

interface MicrosoftFailure {
  /** HTTP status; null when no answer arrived (a dropped connection, DNS, TLS). */
  status: number | null;
  /** Graph's error.code or MSAL's errorCode. */
  code: string | null;
  message: string;
  retryAfterMs: number | null;
}

export function mapMicrosoftError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = readFailure(error);
  const kind = kindOf(failure);
  return new ProviderError(
    'microsoft',
    kind,
    `Microsoft ${describe(failure, kind)} while ${doing}`,
    kind === 'rate_limit' || kind === 'transient' ? failure.retryAfterMs : null,
    { cause: error },
  );
}

/** The delta token is no longer valid: the calendar must be listed again as a snapshot. */
export function isResyncRequired(error: unknown): boolean {
  const failure = readFailure(causeOf(error));
  return failure.status === 410 || codeIn(RESYNC_CODES, failure.code);
}

/** A 401 from Graph: the access token was refused (one forced refresh may help). */
export function isUnauthorized(error: unknown): boolean {
  return readFailure(causeOf(error)).status === 401;
}

/** A 404 from Graph: the item is not there (for a delete, already done). */
export function isNotFound(error: unknown): boolean {
  return readFailure(causeOf(error)).status === 404;
}

function causeOf(error: unknown): unknown {
  return error instanceof ProviderError ? error.cause : error;
}

function kindOf(failure: MicrosoftFailure): ProviderErrorKind {
  const { status, code } = failure;
  if (codeIn(APP_CODES, code)) return 'permanent';
  if (codeIn(REAUTH_CODES, code)) return 'auth';
  if (codeIn(RESYNC_CODES, code)) return 'gone';
  if (status !== null && (THROTTLE_STATUSES.has(status) || UNAVAILABLE_STATUSES.has(status)))
    return sheddingKind(status, failure.retryAfterMs);
  if (codeIn(UNAVAILABLE_CODES, code)) return 'transient';
  if (status === null) return 'transient';
  if (status === 401) return 'auth';
  // Access refused to one calendar, or the subscription limit: signing in again would not help,
  // so the connection is not sent to reconnect (`auth` is for 401 and refused grants).
  if (status === 403) return 'permanent';
  if (status === 404 || status === 410) return 'gone';
  if (status === 408 || status >= 500) return 'transient';
  if (status === 400) return 'invalid_input';
  return 'permanent';
}

/**
 * One rule for Graph and the token endpoint alike: a 429 is throttling; a 503 or 504 that says
 * how long to wait (Retry-After) is load shed for that long, and throttling too; without it, an
 * outage. Throttling (`rate_limit`) holds the mailbox until the wait is over (mailbox-gate.ts),
 * which MSAL also does for the same token request (contract 2.5); both kinds are retried, never
 * sooner than the wait (schedule.ts, the lifecycle jobs).
 */
function sheddingKind(status: number, retryAfterMs: number | null): ProviderErrorKind {
  if (THROTTLE_STATUSES.has(status) || retryAfterMs !== null) return 'rate_limit';
  return 'transient';
}

function describe(failure: MicrosoftFailure, kind: ProviderErrorKind): string {
  if (kind === 'auth' && codeIn(REAUTH_CODES, failure.code)) {
    return `refused the stored sign-in (${failure.code}); reconnect the Microsoft account`;
  }
  if (failure.status === null && failure.code === null) {
    return `could not be reached (${failure.message})`;
  }
  const parts = [failure.status !== null ? `answered ${failure.status}` : 'failed'];
  if (failure.code) parts.push(failure.code);
  if (kind === 'rate_limit') parts.push('(throttled)');
  return `${parts.join(' ')}: ${failure.message}`;
}

interface ErrorLike {
  statusCode?: unknown;
  status?: unknown;
  code?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
  subError?: unknown;
  message?: unknown;
  headers?: unknown;
  body?: unknown;
}

function readFailure(error: unknown): MicrosoftFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  return {
    status: statusOf(e),
    code: codeOf(e),
    message: messageOf(e, error),
    retryAfterMs: retryAfter(header(e.headers, 'retry-after')),
  };
}

/** GraphError has statusCode (-1 when no answer came); MSAL's ServerError has status. */
function statusOf(e: ErrorLike): number | null {
  const value = typeof e.statusCode === 'number' ? e.statusCode : e.status;
  return typeof value === 'number' && value > 0 ? value : null;
}

function codeOf(e: ErrorLike): string | null {
  // MSAL: an InteractionRequiredAuthError's subError (basic_action, consent_required) is a detail;
  // its errorCode already says interaction_required.
  if (typeof e.errorCode === 'string' && e.errorCode) return firstWord(e.errorCode);
  // A GraphError without an answer has the thrown error's name as code (TypeError, FetchError).
  if (typeof e.code === 'string' && e.code && statusOf(e) !== null) return e.code;
  return null;
}

/** MSAL's cached throttling joins several codes with spaces. */
function firstWord(text: string): string {
  return text.trim().split(/\s+/)[0] ?? text;
}

function messageOf(e: ErrorLike, error: unknown): string {
  if (typeof e.errorMessage === 'string' && e.errorMessage) return firstLine(e.errorMessage);
  if (typeof e.message === 'string' && e.message) return firstLine(e.message);
  if (typeof e.body === 'string' && e.body) return firstLine(e.body);
  return error instanceof Error ? error.name : 'no details';
}

/** AADSTS descriptions carry trace and correlation ids after the sentence that matters. */
function firstLine(text: string): string {
  return text.split(/\r?\n| Trace ID:/)[0]?.trim() || text;
}

function header(headers: unknown, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  if (typeof headers === 'object' && headers !== null) {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
