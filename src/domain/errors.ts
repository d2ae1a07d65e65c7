/** Errors with stable codes; the API's error handler is the one place that maps them to HTTP. */

export const ERROR_CODES = [
  'invalid_input',
  'invalid_cursor',
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'mailbox_not_found',
  'calendar_access_denied',
  'method_not_allowed',
  'conflict',
  'account_belongs_to_colleague',
  'unknown_suggestion',
  'unknown_time_zone',
  'conflict_past',
  'imported_calendar',
  'not_configured',
  'payload_too_large',
  'unsupported_media_type',
  'headers_too_large',
  'request_timeout',
  'rate_limited',
  'provider_error',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Whether an operator should hear about it (a bug), as opposed to a caller's mistake. */
    readonly report = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

export function invalidInput(message: string): AppError {
  return new AppError('invalid_input', message);
}
