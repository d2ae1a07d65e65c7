/** When a calendar is synced next: a steady interval, sooner retries for passing trouble. */
import type { ProviderErrorKind } from '../providers/provider.js';
import type { SyncOutcome, SyncTarget } from './sync-store.js';

export interface SyncSchedule {
  intervalMinutes: number;
  /** Longest wait between retries after failures. */
  maxBackoffMinutes: number;
}

const MINUTE_MS = 60_000;

export function nextRunAfterSuccess(
  schedule: SyncSchedule,
  _target: SyncTarget,
  _outcome: SyncOutcome,
  now: Date,
): Date {
  return new Date(now.getTime() + schedule.intervalMinutes * MINUTE_MS);
}

/**
 * Transient trouble and rate limits are retried (honouring Retry-After); a revoked credential or a
 * feed that is gone waits for the user, so polling it again would only add noise.
 */
export function nextRunAfterFailure(
  schedule: SyncSchedule,
  failure: {
    kind: ProviderErrorKind | 'internal';
    retryAfterMs: number | null;
    previousFailures: number;
  },
  now: Date,
): Date | null {
  if (failure.kind === 'auth' || failure.kind === 'gone' || failure.kind === 'invalid_input')
    return null;
  // Exponential backoff from one minute, capped, and never sooner than the provider asked.
  const backoffMs = Math.min(
    2 ** failure.previousFailures * MINUTE_MS,
    schedule.maxBackoffMinutes * MINUTE_MS,
  );
  return new Date(now.getTime() + Math.max(failure.retryAfterMs ?? 0, backoffMs));
}
