/** When a calendar is synced next: a steady interval, sooner retries for passing trouble. */
import type { ProviderErrorKind } from '../providers/provider.js';
import type { SyncTarget } from './sync-store.js';

export interface SyncSchedule {
  intervalMinutes: number;
  /** Longest wait between retries after failures. */
  maxBackoffMinutes: number;
}

const MINUTE_MS = 60_000;

/** Providers that push changes: polling them is only the backstop, kept steady. */
const PUSHED = new Set(['google', 'microsoft', 'exchange']);
/** A quiet polled calendar waits a sixth of the time since it last changed... */
const QUIET_SHARE = 1 / 6;
/** ...but never longer than this many steady intervals. */
const MAX_QUIET_INTERVALS = 4;

/**
 * The steady interval; a polled calendar (a feed, CalDAV) that has not changed for a while waits
 * longer: a sixth of the time since its last change, between the interval and four times it. A
 * run that changes something brings it back to the steady interval.
 */
export function nextRunAfterSuccess(
  schedule: SyncSchedule,
  target: SyncTarget,
  now: Date,
  outcome?: { added: number; updated: number; deleted: number },
): Date | null {
  // A source that cannot change by itself (an imported file) waits until it is imported again.
  if (target.connection.settings['polling'] === false) return null;
  const steadyMs = schedule.intervalMinutes * MINUTE_MS;
  const changed = !outcome || outcome.added + outcome.updated + outcome.deleted > 0;
  const lastChange = target.lastChangeAt?.getTime();
  if (PUSHED.has(target.provider) || changed || lastChange === undefined)
    return new Date(now.getTime() + steadyMs);
  const quietMs = Math.max(0, now.getTime() - lastChange) * QUIET_SHARE;
  return new Date(
    now.getTime() + Math.min(Math.max(steadyMs, quietMs), MAX_QUIET_INTERVALS * steadyMs),
  );
}

/** A calendar gone from an account that still works is tried again this often. */
const GONE_CALENDAR_RETRY_MS = 24 * 60 * MINUTE_MS;

/**
 * Whether the provider's connection is one calendar and nothing else (a feed): that calendar
 * gone is the connection gone. Other connections are accounts (Google, Outlook, Exchange,
 * CalDAV) whose calendars come and go (deleted, unshared) while the account works.
 */
export function connectionIsItsCalendar(provider: string): boolean {
  return provider === 'ics';
}

/**
 * Transient trouble and rate limits are retried (honouring Retry-After); a revoked credential
 * waits for the user, so polling it again would only add noise. A calendar that is gone (deleted
 * or unshared from an account that still works, or a feed answering 404 or 410) is tried once a
 * day, so that it comes back by itself: a feed's server may answer 404 for the minutes of a
 * deploy, and one such answer stopped the feed until its user acted.
 */
export function nextRunAfterFailure(
  schedule: SyncSchedule,
  failure: {
    kind: ProviderErrorKind | 'internal';
    retryAfterMs: number | null;
    previousFailures: number;
    /** The calendar's provider: whether `gone` is the calendar's or the whole connection's. */
    provider?: string;
  },
  now: Date,
): Date | null {
  if (failure.kind === 'gone') return new Date(now.getTime() + GONE_CALENDAR_RETRY_MS);
  if (failure.kind === 'auth' || failure.kind === 'invalid_input') return null;
  // Exponential backoff from one minute, capped, and never sooner than the provider asked.
  const backoffMs = Math.min(
    2 ** failure.previousFailures * MINUTE_MS,
    schedule.maxBackoffMinutes * MINUTE_MS,
  );
  return new Date(now.getTime() + Math.max(failure.retryAfterMs ?? 0, backoffMs));
}
