/**
 * Whether the job queue's Redis is reachable, and what the log hears about it. While Redis is
 * away, ioredis reconnects by itself and every connection (the queue's, the worker's, BullMQ's
 * blocking one) reports each failed attempt: several errors a second, each with a stack. An
 * operator needs three lines instead: Redis is unreachable (and why), still unreachable now and
 * then, and back.
 */
import { Redis } from 'ioredis';
import { QueueUnavailableError } from './job-queue.js';

export type RedisConnectionChange =
  | { state: 'lost'; reason: string }
  | { state: 'still_lost'; reason: string; downForMs: number }
  | { state: 'back'; downForMs: number };

/** How often an outage is mentioned again while it lasts; default a minute. */
export const DEFAULT_REMINDER_MS = 60_000;

/** Node's and ioredis's ways of saying a connection could not be made or was lost. */
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
const CONNECTION_MESSAGES =
  /Connection is closed|Stream isn't writeable|Reached the max retries per request|connect ETIMEDOUT|Socket closed unexpectedly/i;

/** Whether an error from ioredis or BullMQ says the connection is the trouble. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true;
  return CONNECTION_MESSAGES.test(error.message) || isConnectionError(error.cause);
}

export class RedisWatch {
  private downSince: number | null = null;
  private lastReport = 0;

  constructor(
    private readonly report: (change: RedisConnectionChange) => void,
    private readonly reminderMs = DEFAULT_REMINDER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether an outage is going on (a connection failed and none has been ready since). */
  get down(): boolean {
    return this.downSince !== null;
  }

  /** A connection failed: the first failure of an outage is reported, later ones as reminders. */
  failed(error: unknown): void {
    const at = this.now();
    if (this.downSince === null) {
      this.downSince = at;
      this.lastReport = at;
      this.report({ state: 'lost', reason: reasonOf(error) });
      return;
    }
    if (at - this.lastReport < this.reminderMs) return;
    this.lastReport = at;
    this.report({ state: 'still_lost', reason: reasonOf(error), downForMs: at - this.downSince });
  }

  /** A connection is ready: an outage, if there was one, is over. */
  ready(): void {
    if (this.downSince === null) return;
    const downForMs = this.now() - this.downSince;
    this.downSince = null;
    this.report({ state: 'back', downForMs });
  }
}

/** The error's own words, without a stack; an AggregateError (IPv4 and IPv6 refused) says each. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return [...new Set(error.errors.map(reasonOf))].join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Runs a Redis command; a lost connection is said as QueueUnavailableError (the API's 503). */
export async function unavailableWhenLost<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    throw new QueueUnavailableError(`Redis is not reachable (${reasonOf(error)})`, {
      cause: error,
    });
  }
}

/** Connects once without retrying, so that an unreachable Redis is one clear error at start. */
export async function probe(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let cause: unknown = null;
  redis.on('error', (error: unknown) => {
    cause = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = reasonOf(cause ?? error);
    throw new QueueUnavailableError(`Redis is not reachable at ${redact(url)} (${reason})`);
  } finally {
    redis.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
