/**
 * Exchange's failures as ProviderErrors whose kind tells the sync engine and the jobs what to do
 * (contract: providers.md 3.6 and 3.7). ews-javascript-api throws several unrelated classes:
 * SoapFaultDetails for non-200 answers and dropped connections (ResponseCode set, ErrorCode left
 * at 0), ServiceResponseException for error response messages (ErrorCode set); they are read by
 * shape here, and nowhere else.
 */
import { ServiceError } from 'ews-javascript-api';
import { ProviderError, type ProviderErrorKind } from '../provider.js';
import { namesNetworkFailure } from '../network-failure.js';

/** What a failure says, whatever class carried it. */
export interface EwsFailure {
  /** HTTP status; null when no answer arrived (a dropped connection, DNS, TLS, a timeout). */
  status: number | null;
  /** The EWS response code (`ErrorServerBusy`), when the answer named one other than NoError. */
  code: string | null;
  /** BackOffMilliseconds of ErrorServerBusy. */
  backOffMs: number | null;
  message: string;
}

/** The sync state is no longer valid: the folder must be read again from no state. */
export const INVALID_SYNC_STATE = 'ErrorInvalidSyncStateData';

/** The subscription or its watermark is gone: subscribe again, then catch up by syncing. */
const SUBSCRIPTION_GONE = new Set([
  'ErrorInvalidWatermark',
  'ErrorSubscriptionNotFound',
  'ErrorInvalidSubscription',
  'ErrorExpiredSubscription',
  'ErrorMissedNotificationEvents',
]);

const THROTTLED = new Set([
  'ErrorServerBusy',
  'ErrorExceededConnectionCount',
  'ErrorExceededSubscriptionCount',
  'ErrorTooManyObjectsOpened',
]);

const PASSING = new Set([
  'ErrorInternalServerError',
  'ErrorInternalServerTransientError',
  'ErrorTimeoutExpired',
  'ErrorMailboxMoveInProgress',
  'ErrorMailboxStoreUnavailable',
  'ErrorConnectionFailed',
]);

const REFUSED = new Set(['ErrorAccessDenied', 'ErrorNotAllowedExternalSharingByPolicy']);

export function mapExchangeError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = readFailure(error);
  const kind = kindOf(failure);
  return new ProviderError(
    'exchange',
    kind,
    `Exchange ${describe(failure, kind)} while ${doing}`,
    kind === 'rate_limit' ? failure.backOffMs : null,
    { cause: error },
  );
}

export function isInvalidSyncState(error: unknown): boolean {
  return readFailure(causeOf(error)).code === INVALID_SYNC_STATE;
}

/** A folder named in the request no longer exists (a calendar folder deleted since). */
export function isFolderGone(error: unknown): boolean {
  return readFailure(causeOf(error)).code === 'ErrorFolderNotFound';
}

/**
 * What EWS says when another person's Calendar will not open for this mailbox: no mailbox has
 * the address, the user may not open it (a permission never given or withdrawn), or the folder
 * is hidden from them. Null for any other failure.
 */
export function sharedCalendarRefusal(error: unknown): string | null {
  const { code } = readFailure(causeOf(error));
  return code !== null && SHARED_REFUSALS.has(code) ? code : null;
}

const SHARED_REFUSALS = new Set([
  'ErrorNonExistentMailbox',
  'ErrorAccessDenied',
  'ErrorFolderNotFound',
]);

export function isSubscriptionGone(error: unknown): boolean {
  const { code } = readFailure(causeOf(error));
  return code !== null && SUBSCRIPTION_GONE.has(code);
}

/**
 * Whether an error GetItem answered for one of several items concerns that item alone
 * (ErrorCorruptData, ErrorInvalidIdMalformed, ErrorAccessDenied on a private item, a code this
 * provider does not know) rather than the server or the mailbox (throttling, a store that is
 * down, a timeout), which fails the whole call as a failure of the call would.
 */
export function concernsItemOnly(failure: EwsFailure): boolean {
  const { status, code } = failure;
  if (status !== null) return false;
  return code === null || !(THROTTLED.has(code) || PASSING.has(code));
}

export function kindOf(failure: EwsFailure): ProviderErrorKind {
  const { status, code } = failure;
  if (status === 401) return 'auth';
  if (code !== null && THROTTLED.has(code)) return 'rate_limit';
  if (status === 503) return 'rate_limit';
  if (status === 403 || (code !== null && REFUSED.has(code))) return 'permanent';
  if (code === INVALID_SYNC_STATE || (code !== null && SUBSCRIPTION_GONE.has(code))) return 'gone';
  if (code === 'ErrorItemNotFound' || code === 'ErrorFolderNotFound') return 'gone';
  if (code !== null && PASSING.has(code)) return 'transient';
  if (status === null) return 'transient';
  // A SOAP fault naming a request error (schema validation) will not go away by itself.
  if (code !== null) return 'permanent';
  if (status === 408 || status >= 500) return 'transient';
  return 'permanent';
}

/** Reads any thrown value as an EwsFailure. */
export function readFailure(error: unknown): EwsFailure {
  if (typeof error !== 'object' || error === null)
    return { status: null, code: null, backOffMs: null, message: String(error) };
  // The library's classes share no type; these are the fields they set (see the module comment).
  const shaped = error as {
    ResponseCode?: number;
    ErrorCode?: number;
    HttpStatusCode?: number;
    ErrorDetails?: unknown;
    Response?: { ErrorCode?: number; ErrorDetails?: unknown };
    message?: string;
    Message?: string;
    ErrorMessage?: string;
  };
  const number = shaped.ResponseCode || shaped.ErrorCode || shaped.Response?.ErrorCode || 0;
  const code = number ? (ServiceError[number] ?? null) : null;
  const details = shaped.ErrorDetails ?? shaped.Response?.ErrorDetails;
  const backOff = Number(detail(details, 'BackOffMilliseconds'));
  return {
    status: typeof shaped.HttpStatusCode === 'number' ? shaped.HttpStatusCode : null,
    code: code === 'NoError' ? null : code,
    backOffMs: Number.isFinite(backOff) && backOff > 0 ? backOff : null,
    message: shaped.message || shaped.Message || shaped.ErrorMessage || String(error),
  };
}

/** One value of the library's Dictionary of error details, which throws on missing keys. */
function detail(details: unknown, key: string): string | undefined {
  const dictionary = details as { get?(key: string): unknown } | undefined;
  try {
    const value = dictionary?.get?.(key);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): unknown {
  return error instanceof ProviderError ? error.cause : error;
}

function describe(failure: EwsFailure, kind: ProviderErrorKind): string {
  const said = failure.code ?? (failure.status !== null ? `HTTP ${failure.status}` : null);
  if (kind === 'auth') return 'refused the credentials (wrong user name, password or token)';
  if (kind === 'rate_limit')
    return `is busy (${said ?? 'throttled'}${failure.backOffMs ? `, back off ${failure.backOffMs} ms` : ''})`;
  if (failure.status === null && (failure.code === null || isConnectionFailure(failure)))
    return `could not be reached (${failure.message})`;
  return `answered ${said ?? 'an error'}: ${failure.message}`;
}

/**
 * ews-javascript-api reports a connection that failed before any answer (a certificate the
 * client does not trust, a refused port) as ErrorInternalServerError with Node's message, which
 * read as if Exchange had answered it.
 */
function isConnectionFailure(failure: EwsFailure): boolean {
  return failure.code === 'ErrorInternalServerError' && namesNetworkFailure(failure.message);
}
