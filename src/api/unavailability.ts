/**
 * Recognises an error that means a backing service (the database, the job queue's Redis) is not
 * reachable, as opposed to a bug: the caller should try again shortly (503 `unavailable`), and
 * the operator needs one line, not a stack per request.
 */
import { QueueUnavailableError } from '../jobs/job-queue.js';

export interface Unavailability {
  /** What the client is told: fixed words that name the service, never a host or a port. */
  message: string;
  /** What the log says: the driver's own words. */
  reason: string;
}

/** Seconds a client should wait before trying again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

export const QUEUE_UNAVAILABLE = 'the job queue (Redis) is not reachable; try again shortly';
export const DATABASE_UNAVAILABLE = 'the database is not reachable; try again shortly';

/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that cannot serve: class 08 (connection exception) and
 * 57P01-57P03 (the server is shutting down, crashed or starting).
 */
const POSTGRES_UNAVAILABLE_STATE = /^(08...|57P0[123])$/;

/**
 * pg and pg-pool say a lost or refused connection only in words: "Connection terminated
 * unexpectedly", "Connection terminated due to connection timeout", "timeout exceeded when
 * trying to connect", "Client has encountered a connection error and is not queryable", and
 * "Query read timeout" for a query the server left unanswered past the store's bound
 * (store/database.ts); a statement the server cancelled at its own bound (57014) is a slow one.
 */
const POSTGRES_UNAVAILABLE_MESSAGE =
  /^Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|^Query read timeout$/;

/** Null when the error is not about reachability; errors are followed through causes. */
export function unavailabilityOf(error: unknown): Unavailability | null {
  for (const link of causeChain(error)) {
    if (link instanceof QueueUnavailableError)
      return { message: QUEUE_UNAVAILABLE, reason: link.message };
    if (isDatabaseUnreachable(link))
      return { message: DATABASE_UNAVAILABLE, reason: messageOf(link) };
  }
  return null;
}

/**
 * A bare network error here is the database's: the queue wraps its own in QueueUnavailableError,
 * and providers wrap theirs in ProviderError, which the services turn into provider_error.
 */
function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE_STATE.test(code))
  )
    return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnreachable)) return true;
  return POSTGRES_UNAVAILABLE_MESSAGE.test(error.message);
}

/** The error and its causes, outermost first (bounded: a cause may point back at itself). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let at: unknown = error;
  while (at !== undefined && at !== null && chain.length < 8 && !chain.includes(at)) {
    chain.push(at);
    at = at instanceof Error ? at.cause : undefined;
  }
  return chain;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '')
    return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}
