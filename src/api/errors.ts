/** The one place where error codes become HTTP statuses. No stack trace ever reaches a client. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/errors.js';
import { InvalidItems, type ItemProblem } from '../domain/item-problems.js';
import { RETRY_AFTER_SECONDS, unavailabilityOf } from './unavailability.js';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  mailbox_not_found: 404,
  calendar_access_denied: 403,
  method_not_allowed: 405,
  conflict: 409,
  account_belongs_to_colleague: 409,
  unknown_suggestion: 400,
  unknown_time_zone: 400,
  conflict_past: 409,
  imported_calendar: 409,
  not_configured: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  request_timeout: 408,
  rate_limited: 429,
  provider_error: 502,
  unavailable: 503,
  internal: 500,
};

/**
 * The code of a framework error's status: the first code the table gives that status, so
 * 400 is invalid_input and 401 unauthorized (not the more particular codes listed after them).
 */
const CODE_BY_STATUS = new Map<number, ErrorCode>();
for (const [code, status] of Object.entries(STATUS_BY_CODE) as [ErrorCode, number][])
  if (!CODE_BY_STATUS.has(status)) CODE_BY_STATUS.set(status, code);

/** Every code with its status, for the API's docs: `invalid_input` (400), ... */
export function documentedCodes(): string {
  return (Object.entries(STATUS_BY_CODE) as [ErrorCode, number][])
    .map(([code, status]) => `\`${code}\` (${status})`)
    .join(', ');
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

export function errorBody(
  code: ErrorCode,
  message: string,
  problems?: readonly ItemProblem[],
): { error: { code: ErrorCode; message: string; errors?: readonly ItemProblem[] } } {
  return { error: { code, message, ...(problems ? { errors: problems } : {}) } };
}

export function handleError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const described = describe(error, request);
  const { status, code, message } = described;
  logFailure(request, error, described);
  if (code === 'unavailable') void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  // Plain JSON, past the route's response schemas: a route that documents another shape for a
  // status (a webhook's `{ outcome, reason }`) must not turn an error into a 500. A custom
  // serializer sets no Content-Type, so it is named here, as Fastify names it for its own JSON
  // (and over whatever type the route had set before it failed).
  void reply
    .status(status)
    .type(JSON_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(errorBody(code, message, error instanceof InvalidItems ? error.problems : undefined));
}

/**
 * Only a bug gets the error level and its stack: a caller's mistake is info, and trouble that is
 * not ours (a user's feed answering 502, the database or Redis away) a warning in one line.
 */
function logFailure(
  request: FastifyRequest,
  error: Error,
  { status, code, message, reason }: Described,
): void {
  const reported =
    code !== 'unavailable' && (error instanceof AppError ? error.report : code === 'internal');
  if (reported) request.log.error({ err: error }, 'request failed');
  else if (status >= 500) request.log.warn({ code, message, reason }, 'request not served');
  else request.log.info({ code, message }, 'request rejected');
}

interface Described {
  status: number;
  code: ErrorCode;
  message: string;
  /** For the log only: what the driver said when a backing service was not reachable. */
  reason?: string;
}

function describe(error: FastifyError | Error, request: FastifyRequest): Described {
  // A service that wrapped a lost connection as internal still answers 503: it is not a bug.
  const unavailable = isOpaque(error) ? unavailabilityOf(error) : null;
  if (unavailable) return { status: 503, code: 'unavailable', ...unavailable };
  if (error instanceof AppError) {
    return { status: STATUS_BY_CODE[error.code], code: error.code, message: error.message };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return { status: 400, code: 'invalid_input', message: describeValidation(error, request) };
  }
  if (isResponseSerializationError(error)) {
    return { status: 500, code: 'internal', message: 'internal error' };
  }
  const statusCode = (error as FastifyError).statusCode;
  if (statusCode === 413 || (error as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') {
    return { status: 413, code: 'payload_too_large', message: 'the request body is too large' };
  }
  if (statusCode === 429) return { status: 429, code: 'rate_limited', message: error.message };
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    // Fastify's and its plugins' own client errors (malformed JSON, a wrong content type, a
    // static file's forbidden path) are safe to describe. Each gets the code of its status, so
    // that a code always comes with the status the table gives it; a status no code has is a 400.
    const code = CODE_BY_STATUS.get(statusCode);
    if (code === undefined) return { status: 400, code: 'invalid_input', message: error.message };
    return { status: statusCode, code, message: error.message };
  }
  return { status: 500, code: 'internal', message: 'internal error' };
}

/** An error whose code says nothing yet: a plain error, or an AppError that is `internal`. */
function isOpaque(error: Error): boolean {
  return !(error instanceof AppError) || error.code === 'internal';
}

/**
 * The validation's issues, each with where it is (`querystring.from: ...`). A field that was not
 * sent is said to be required (`body.verdict: is required`), not by the type it lacks; the path
 * stays in front, as in every other message, for clients that read it.
 */
function describeValidation(
  error: Parameters<typeof hasZodFastifySchemaValidationErrors>[0],
  request: FastifyRequest,
): string {
  if (!hasZodFastifySchemaValidationErrors(error)) return 'invalid request';
  const where = error.validationContext ?? 'request';
  return error.validation
    .map((issue) => {
      const keys = issue.instancePath.split('/').filter((key) => key !== '');
      const path = keys.join('.');
      if (keys.length > 0 && valueAt(sent(request, where), keys) === undefined)
        return `${where}.${path}: is required`;
      return `${where}${path ? `.${path}` : ''}: ${issue.message}`;
    })
    .join('; ');
}

/** What the request carried in the validated part. */
function sent(request: FastifyRequest, where: string): unknown {
  if (where === 'body') return request.body;
  if (where === 'querystring') return request.query;
  if (where === 'params') return request.params;
  if (where === 'headers') return request.headers;
  return null;
}

/** The value at `keys` (a validation issue's path) in what was sent; undefined when absent. */
export function valueAt(value: unknown, keys: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
