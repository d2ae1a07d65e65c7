/**
 * Microsoft's error bodies. Graph answers `{"error":{"code","message","innerError":{...}}}`
 * (concepts/errors); the identity platform's token endpoint answers `{error, error_description,
 * error_codes[], timestamp, trace_id, correlation_id, error_uri, suberror?}` with the AADSTS code
 * first in the description. MSAL and the Graph SDK read these fields, so they are kept exact.
 */
import { randomUUID } from 'node:crypto';

/** A Graph API failure; the error handler turns it into Graph's JSON body. */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(nowMs: number, clientRequestId?: string): unknown {
    const requestId = randomUUID();
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: {
          date: new Date(nowMs).toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    };
  }
}

/** A token-endpoint failure with its AADSTS code(s). */
export class AadError extends Error {
  override readonly name = 'AadError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
    readonly options: { suberror?: string; headers?: Record<string, string> } = {},
  ) {
    super(`${error}: AADSTS${aadsts}: ${description}`);
  }

  body(nowMs: number): Record<string, unknown> {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = `${new Date(nowMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
    return {
      error: this.error,
      error_description: `AADSTS${this.aadsts}: ${this.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
      ...(this.options.suberror ? { suberror: this.options.suberror } : {}),
    };
  }
}

/** An authorize-page failure: Microsoft shows an HTML page and does not redirect. */
export class AuthorizePageError extends Error {
  override readonly name = 'AuthorizePageError';
  constructor(
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export const invalidRequest = (message: string): GraphApiError =>
  new GraphApiError(400, 'BadRequest', message);

export const notFound = (
  message = 'The specified object was not found in the store.',
): GraphApiError => new GraphApiError(404, 'ErrorItemNotFound', message);

export const invalidToken = (message: string): GraphApiError =>
  new GraphApiError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });

export const accessDenied = (): GraphApiError =>
  new GraphApiError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');

/** The delta state is gone: a fresh round must start at `location` (delta-query-overview). */
export const resyncRequired = (location: string, code = 'resyncRequired'): GraphApiError =>
  new GraphApiError(
    410,
    code,
    'Resync required. Replace any local cached data with the data returned by the Location header.',
    { location },
  );

/**
 * An evicted or unknown delta token (contract §2.1: a 4xx with code syncStateNotFound; the status
 * here is 400, which we have not seen confirmed against Microsoft).
 */
export const syncStateNotFound = (): GraphApiError =>
  new GraphApiError(
    400,
    'syncStateNotFound',
    'The sync state is not found. It may have expired or been removed; start a new round.',
  );

/** Throttling as Outlook answers it: 429 with Retry-After in seconds. */
export const throttled = (code: string, retryAfterSeconds: number): GraphApiError =>
  new GraphApiError(
    429,
    code,
    code === 'MailboxConcurrency'
      ? 'Application is over its MailboxConcurrency limit.'
      : 'Too many requests. Application is over its IncomingBytes or request rate limit.',
    { 'retry-after': String(retryAfterSeconds) },
  );

export const invalidGrant = (aadsts: number, description: string, suberror?: string): AadError =>
  new AadError(400, 'invalid_grant', aadsts, description, suberror ? { suberror } : {});
