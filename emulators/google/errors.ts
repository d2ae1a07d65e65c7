/**
 * Google's error bodies. The Calendar API answers `{"error":{"code","message","errors":[...]}}`
 * (guides/errors), the OAuth token endpoint `{"error","error_description"}` (RFC 6749 §5.2, as
 * oauth2.googleapis.com words it); the official clients read these fields to classify failures,
 * so the shapes are reproduced exactly.
 */

export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  locationType?: string;
  location?: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; errors: GoogleErrorItem[]; status?: string };
}

/** A Calendar API failure; the server's error handler turns it into Google's JSON body. */
export class GoogleApiError extends Error {
  override readonly name = 'GoogleApiError';
  constructor(
    readonly code: number,
    readonly item: GoogleErrorItem,
    readonly status?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(item.message);
  }

  toBody(): GoogleErrorBody {
    const body: GoogleErrorBody = {
      error: { code: this.code, message: this.item.message, errors: [this.item] },
    };
    if (this.status) body.error.status = this.status;
    return body;
  }
}

/** A token-endpoint failure: `{"error","error_description"}` with its HTTP status. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** An authorization-page failure: Google shows an HTML page and does not redirect. */
export class AuthorizePageError extends Error {
  override readonly name = 'AuthorizePageError';
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

export const notFound = (what = 'Not Found'): GoogleApiError =>
  new GoogleApiError(404, { domain: 'global', reason: 'notFound', message: what });

export const badRequest = (message: string, location?: string): GoogleApiError =>
  new GoogleApiError(400, {
    domain: 'global',
    reason: 'badRequest',
    message,
    ...(location ? { locationType: 'parameter', location } : {}),
  });

export const invalidParameter = (message: string, location: string): GoogleApiError =>
  new GoogleApiError(400, {
    domain: 'global',
    reason: 'invalid',
    message,
    locationType: 'parameter',
    location,
  });

export const timeRangeEmpty = (): GoogleApiError =>
  new GoogleApiError(400, {
    domain: 'calendar',
    reason: 'timeRangeEmpty',
    message: 'The specified time range is empty.',
    locationType: 'parameter',
    location: 'timeMax',
  });

/** The contract's 410 body, word for word (it has no `status`). */
export const fullSyncRequired = (): GoogleApiError =>
  new GoogleApiError(410, {
    domain: 'calendar',
    reason: 'fullSyncRequired',
    message: 'Sync token is no longer valid, a full sync is required.',
    locationType: 'parameter',
    location: 'syncToken',
  });

export const authError = (): GoogleApiError =>
  new GoogleApiError(
    401,
    {
      domain: 'global',
      reason: 'authError',
      message: 'Invalid Credentials',
      locationType: 'header',
      location: 'Authorization',
    },
    'UNAUTHENTICATED',
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );

/** The 401 message Google puts at the top level differs from the item's. */
export const AUTH_ERROR_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const insufficientScopes = (): GoogleApiError =>
  new GoogleApiError(
    403,
    { domain: 'global', reason: 'insufficientPermissions', message: 'Insufficient Permission' },
    'PERMISSION_DENIED',
  );

export const INSUFFICIENT_SCOPES_MESSAGE = 'Request had insufficient authentication scopes.';

/** The body as Google sends it: a few errors carry a top-level message unlike their item's. */
export function errorBody(error: GoogleApiError): GoogleErrorBody {
  const body = error.toBody();
  if (error.item.reason === 'authError') body.error.message = AUTH_ERROR_MESSAGE;
  if (error.item.reason === 'insufficientPermissions')
    body.error.message = INSUFFICIENT_SCOPES_MESSAGE;
  return body;
}

export const invalidGrant = (description = 'Token has been expired or revoked.'): OAuthError =>
  new OAuthError(400, 'invalid_grant', description);
