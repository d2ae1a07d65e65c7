/**
 * Which calendars are due for a sync, and which keep failing, across every tenant: the
 * scheduler's and the monitor's reads of the sync status (sync-status.repository.ts writes it).
 */
import { sql } from 'kysely';
import type { Executor } from './database.js';
import type { Scope } from './scope.js';
import { iso } from './sql-support.js';
import { SYNC_RUN_STALE_AFTER_MS } from './sync-run-claim.repository.js';

export interface DueSync {
  scope: Scope;
  calendarId: string;
  connectionId: string;
  provider: string;
}

/**
 * Calendars due for a sync across all tenants (for the scheduler): selected, on an active
 * connection, never run or due by now (a run that set no next run waits for the user), and not
 * running, unless the run has shown no sign of life for `staleAfterMs` (default: as long as a
 * run's claim holds, SYNC_RUN_STALE_AFTER_MS; its worker died).
 *
 * A calendar whose last run met a refused credential waits for its connection, not for itself:
 * that failure marked the connection reauth_required, and once the connection is active again
 * (reconnected, or another of its calendars synced with a credential that works, as when two
 * processes raced to refresh a rotating token and this one lost) the calendar is due at once.
 * While the connection needs reauthorising it is not listed, so a revoked credential is never
 * retried.
 */
export async function listDueSyncs(
  db: Executor,
  now: Date,
  options: { limit?: number; staleAfterMs?: number } = {},
): Promise<DueSync[]> {
  const nowText = iso(now);
  const staleBefore = iso(
    new Date(now.getTime() - (options.staleAfterMs ?? SYNC_RUN_STALE_AFTER_MS)),
  );
  const rows = await db
    .selectFrom('calendar_sync_status as s')
    .innerJoin('calendars as c', 'c.id', 's.calendar_id')
    .innerJoin('calendar_connections as k', 'k.id', 'c.connection_id')
    .select(['s.org_id', 's.user_id', 's.calendar_id', 'c.connection_id', 'c.provider'])
    .where('c.selected', '=', 1)
    .where('c.missing_since', 'is', null) // its provider no longer lists it: calendar-discovery
    // `error`: a feed that was gone, tried again once a day (sync/schedule.ts).
    .where('k.status', 'in', ['active', 'error'])
    // A null next run means "never run yet" before the first run, and "waits for the user" after
    // one (an imported file, a revoked credential): only the first is due, and a revoked
    // credential's once its connection is active again (see above). A run that has shown no sign
    // of life (a committed page) for staleAfterMs is due again whatever its schedule: its worker
    // died, and the next run may take its claim over.
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.state', '<>', 'syncing'),
          eb.or([
            eb.and([eb('s.next_run_at', 'is', null), eb('s.last_sync_at', 'is', null)]),
            eb.and([
              eb('s.next_run_at', 'is', null),
              eb('s.state', '=', 'error'),
              eb('s.last_error_kind', '=', 'auth'),
            ]),
            eb('s.next_run_at', '<=', nowText),
          ]),
        ]),
        eb.and([
          eb('s.state', '=', 'syncing'),
          eb(sql`coalesce(s.run_seen_at, s.last_sync_at)`, '<', staleBefore),
        ]),
      ]),
    )
    .orderBy(sql`coalesce(s.next_run_at, '')`)
    .orderBy('s.calendar_id')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    scope: { orgId: r.org_id, userId: r.user_id },
    calendarId: r.calendar_id,
    connectionId: r.connection_id,
    provider: r.provider,
  }));
}

export interface FailingSync {
  scope: Scope;
  calendarId: string;
  connectionId: string;
  provider: string;
  consecutiveFailures: number;
  failingSince: string | null;
  lastSuccessAt: string | null;
  lastError: { kind: string; message: string; at: string } | null;
}

/**
 * Calendars (of every tenant) whose syncs have failed without a success since `since`: the
 * monitor flags them. A calendar that never succeeded counts from its first failure (from its
 * last one for a run of failures that began before migration 0025 recorded when).
 */
export async function listFailingSyncs(db: Executor, since: Date): Promise<FailingSync[]> {
  const sinceText = iso(since);
  const rows = await db
    .selectFrom('calendar_sync_status as s')
    .innerJoin('calendars as c', 'c.id', 's.calendar_id')
    .select([
      's.org_id',
      's.user_id',
      's.calendar_id',
      'c.connection_id',
      'c.provider',
      's.consecutive_failures',
      's.last_success_at',
      's.last_error_kind',
      's.last_error_message',
      's.last_error_at',
      's.failing_since',
    ])
    .where('s.consecutive_failures', '>', 0)
    .where((eb) =>
      eb.or([
        eb('s.last_success_at', '<', sinceText),
        eb.and([
          eb('s.last_success_at', 'is', null),
          eb(eb.fn.coalesce('s.failing_since', 's.last_error_at'), '<', sinceText),
        ]),
      ]),
    )
    .orderBy('s.last_error_at')
    .execute();
  return rows.map((r) => ({
    scope: { orgId: r.org_id, userId: r.user_id },
    calendarId: r.calendar_id,
    connectionId: r.connection_id,
    provider: r.provider,
    consecutiveFailures: r.consecutive_failures,
    failingSince: r.failing_since,
    lastSuccessAt: r.last_success_at,
    lastError:
      r.last_error_kind !== null && r.last_error_at !== null
        ? { kind: r.last_error_kind, message: r.last_error_message ?? '', at: r.last_error_at }
        : null,
  }));
}
