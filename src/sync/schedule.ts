/** When a calendar is synced next: a steady interval, sooner retries for passing trouble. */
import type { ProviderErrorKind } from '../providers/provider.js';
import type { SyncTarget } from './sync-store.js';

export interface SyncSchedule {
  intervalMinutes: number;
  /** Longest wait between retries after failures. */
  maxBackoffMinutes: number;
}

const MINUTE_MS = 60_000;

export function nextRunAfterSuccess(
  schedule: SyncSchedule,
  target: SyncTarget,
  now: Date,
): Date | null {
  // A source that cannot change by itself (an imported file) waits until it is imported again.
  if (target.connection.settings['polling'] === false) return null;
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
