/** Running syncs: now in this process (CLI), queued for workers (API), and on a schedule. */
import type { SyncStatusView, SyncTriggered } from '../../api/schemas.js';
import { emptyChangeCounts, type ChangeCounts } from '../../domain/changes/event-change.js';
import { AppError, invalidInput } from '../../domain/errors.js';
import type { ProviderKind } from '../../domain/event.js';
import { PermanentJobFailure, RetryLater, type JobQueue } from '../../jobs/job-queue.js';
import type { Calendar, Connection, FailingSync, Scope, Store } from '../../store/store.js';
import type { SyncEngine } from '../../sync/sync-engine.js';
import { SyncBusyError, SyncError } from '../../sync/sync-engine.js';
import { missingCalendarMessage } from './calendar-discovery-plan.js';
import { REFRESH_USER_CALENDAR_LISTS_TASK } from './calendar-discovery.js';
import { rolledBack } from './sync-dry-run.js';
import { syncStatusViews } from './sync-status-view.js';

export const SYNC_CALENDAR_JOB = 'sync-calendar';

/** Half the scheduler's tick (a minute): a calendar due by then is queued at this tick. */
const DUE_EARLY_MS = 30_000;

export interface SyncCalendarPayload {
  orgId: string;
  userId: string;
  calendarId: string;
}

export interface CalendarSyncResult {
  calendarId: string;
  calendarName: string;
  /** The connection's account (its label: an address, a feed's name), to tell calendars apart. */
  account: string;
  provider: string;
  orgId: string;
  userId: string;
  added: number;
  updated: number;
  deleted: number;
  /** Entries written to the change log, by kind. */
  changes: ChangeCounts;
  issues: number;
  error: { kind: string; message: string } | null;
  /**
   * Not synced, and not a failure: `busy`, another run (a worker) was syncing the calendar;
   * `deselected`, the calendar was turned off before or during the run.
   */
  skipped: 'busy' | 'deselected' | null;
}

/**
 * A job that finds its calendar busy is retried after 5 s, doubling up to a minute: soon, since
 * pushes that arrive meanwhile coalesce into the waiting job (its dedupe key) and wait with it.
 */
const BUSY_RETRY_MS = 5_000;
const BUSY_RETRY_CAP_MS = 60_000;
/**
 * Attempts of a sync job. Provider failures never fail the job (they are recorded on the
 * calendar), so attempts are spent on busy retries: 25 of them wait about 21 minutes, longer
 * than a run's claim holds without a sign of life (SYNC_RUN_STALE_AFTER_MS). By then the other
 * run has ended or is taken for dead, and the retry syncs: what queued the job is never dropped.
 */
const SYNC_JOB_ATTEMPTS = 25;

interface SyncableCalendar {
  scope: Scope;
  calendarId: string;
  calendarName: string;
  account: string;
  provider: string;
}

/** A fresh object each time: callers may add to the counts. */
function nothingDone() {
  return { added: 0, updated: 0, deleted: 0, changes: emptyChangeCounts(), issues: 0 };
}

export class SyncService {
  constructor(
    private readonly store: Store,
    private readonly engine: SyncEngine,
    private readonly engineFor: (store: Store) => SyncEngine,
    private readonly queue: JobQueue,
    private readonly failureAlertMinutes = 60,
    private readonly observe: {
      /** Told each sync job's run: its calendar's provider, how it ended, how long it took. */
      onJobRun?: (provider: string, outcome: 'ok' | 'failed', seconds: number) => void;
    } = {},
  ) {}

  /** Syncs matching calendars one after another in this process; a dry run rolls back. */
  async runNow(
    filter: { userId: string | null; provider: ProviderKind | null; dryRun: boolean },
    progress: { onStart?: (total: number) => void; onCalendarDone?: (done: number) => void } = {},
  ): Promise<CalendarSyncResult[]> {
    const calendars = await this.syncableCalendars(filter);
    progress.onStart?.(calendars.length);
    const results: CalendarSyncResult[] = [];
    for (const calendar of calendars) {
      results.push(
        filter.dryRun ? await this.dryRun(calendar) : await this.syncOne(this.engine, calendar),
      );
      progress.onCalendarDone?.(results.length);
    }
    return results;
  }

  /** Queues a sync of the caller's calendars (one, one provider's, or all) for the workers. */
  async trigger(
    scope: Scope,
    request: { calendarId?: string; connectionId?: string; provider?: ProviderKind },
  ): Promise<SyncTriggered> {
    let calendars = await this.store.calendars.list(scope);
    if (request.calendarId) {
      calendars = calendars.filter((c) => c.id === request.calendarId);
      // A body naming none of the caller's calendars is a 400, as a list's filter is.
      if (calendars.length === 0)
        throw invalidInput(
          'body.calendarId: names none of your calendars (GET /calendars/ lists them)',
        );
    }
    if (request.connectionId) {
      calendars = calendars.filter((c) => c.connectionId === request.connectionId);
      if (calendars.length === 0)
        throw invalidInput(
          'body.connectionId: names none of your connections (GET /providers/ lists them)',
        );
    }
    if (request.provider) calendars = calendars.filter((c) => c.provider === request.provider);
    const connections = new Map((await this.store.connections.list(scope)).map((c) => [c.id, c]));
    const unsyncable = (c: Calendar) => unsyncableReason(c, connections.get(c.connectionId));
    // Asked for by name, a calendar that cannot sync says why; among many, it is left out.
    const asked = request.calendarId ? calendars[0] : undefined;
    const why = asked && unsyncable(asked);
    if (why) throw why;
    const pollable = calendars.filter((c) => !unsyncable(c));
    const queued = [];
    for (const calendar of pollable) {
      const jobId = await this.enqueue(scope, calendar.id);
      queued.push({ calendarId: calendar.id, jobId });
    }
    // Asked to sync everything (or one provider's or connection's): the provider may have
    // calendars we do not know of yet, or no longer have some. Listing them is a job of its own,
    // so that the answer does not wait on every provider; new calendars it finds queue their own
    // first sync. It lists the connections asked for only; the dedupe key names them, so that a
    // narrower listing already pending does not swallow a wider one.
    if (!request.calendarId) {
      const provider = request.provider ?? null;
      const connectionId = request.connectionId ?? null;
      await this.queue.enqueue(
        REFRESH_USER_CALENDAR_LISTS_TASK,
        { orgId: scope.orgId, userId: scope.userId, provider, connectionId },
        {
          dedupeKey: `calendar-lists:${scope.userId}:${provider ?? '*'}:${connectionId ?? '*'}`,
          orgId: scope.orgId,
        },
      );
    }
    return { queued };
  }

  /** Enqueues every calendar whose next run is due (the scheduler calls this every minute). */
  async enqueueDue(now: Date): Promise<number> {
    // A run's next time counts from when it finished, seconds after the tick that queued it:
    // "due by the tick" would miss it by those seconds and run every calendar one tick late.
    const due = await this.store.syncStatus.listDue(new Date(now.getTime() + DUE_EARLY_MS));
    for (const item of due) await this.enqueue(item.scope, item.calendarId);
    return due.length;
  }

  /**
   * The job handler: syncs one calendar; provider trouble is recorded on the calendar, not retried
   * here. A calendar another run is syncing is tried again shortly (RetryLater, sooner than its
   * next scheduled run): what queued this job (a push) may have changed it after the other run
   * read it, so the job must not simply end.
   *
   * The queue's signal (a graceful stop, a lost lease) stops the run between pages and cuts its
   * provider calls short: a stop must not wait for a long sync, or the supervisor kills the
   * process and the calendar stays claimed until the claim goes stale. The engine has then
   * released the claim (the pages committed so far keep their cursor), and the job is retried
   * at once, by another worker or after the restart, resuming from that cursor.
   */
  async runJob(
    payload: unknown,
    context: { attempt?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const job = parsePayload(payload);
    const signal = context.signal;
    if (await this.heldByRateLimit(job)) return;
    // Its provider no longer lists it (a push or a job queued before the mark): not synced.
    const calendar = await this.store.calendars.get(job, job.calendarId);
    if (calendar?.missingSince) return;
    const started = performance.now();
    const timed = (outcome: 'ok' | 'failed') =>
      calendar &&
      this.observe.onJobRun?.(calendar.provider, outcome, (performance.now() - started) / 1000);
    await this.engine
      .syncCalendar(
        { orgId: job.orgId, userId: job.userId },
        job.calendarId,
        signal ? { signal } : {},
      )
      .then(
        () => timed('ok'),
        (error: unknown) => {
          timed('failed');
          throw error;
        },
      )
      .catch((error: unknown) => {
        // Whatever the abort surfaced as (the engine's record of it, a provider's error), the
        // run was cut short, not finished: the job must end as a failed attempt to be retried.
        if (signal?.aborted) throw new RetryLater(abortMessage(signal), this.engine.now());
        if (error instanceof SyncBusyError) {
          const waitMs = Math.min(
            BUSY_RETRY_MS * 2 ** Math.max(0, (context.attempt ?? 1) - 1),
            BUSY_RETRY_CAP_MS,
          );
          throw new RetryLater(error.message, new Date(this.engine.now().getTime() + waitMs));
        }
        // The engine has recorded the failure and the next run on the calendar's status.
        if (error instanceof SyncError) return;
        throw error;
      });
  }

  /**
   * Whether the calendar's last run was refused for a rate limit and the provider's wait
   * (Retry-After, or the backoff recorded as the next run) has not passed. A job queued meanwhile
   * (a push, `POST /sync`) then ends without calling the provider: the scheduler queues the
   * calendar when the wait is over, and that run, incremental from the stored cursor, takes in
   * whatever the push announced. Calling at once answered the provider's 429 with another call.
   */
  private async heldByRateLimit(job: {
    orgId: string;
    userId: string;
    calendarId: string;
  }): Promise<boolean> {
    const status = await this.store.syncStatus.get(
      { orgId: job.orgId, userId: job.userId },
      job.calendarId,
    );
    if (status?.state !== 'error' || status.lastError?.kind !== 'rate_limit') return false;
    return status.nextRunAt !== null && new Date(status.nextRunAt) > this.engine.now();
  }

  async status(scope: Scope): Promise<SyncStatusView[]> {
    const [statuses, calendars] = await Promise.all([
      this.store.syncStatus.list(scope),
      this.store.calendars.list(scope),
    ]);
    return syncStatusViews(statuses, calendars, this.failingSince(new Date()));
  }

  /**
   * `monitor_sync_failures`: calendars (of every tenant) whose syncs have failed for longer
   * than the alert threshold, for the metrics gauge and the log.
   */
  async failingCalendars(now: Date): Promise<FailingSync[]> {
    return this.store.syncStatus.listFailing(this.failingSince(now));
  }

  private failingSince(now: Date): Date {
    return new Date(now.getTime() - this.failureAlertMinutes * 60_000);
  }

  /**
   * Queues one calendar's sync. Pending syncs of a calendar coalesce into one (dedupe key):
   * a burst of push notifications costs one run.
   */
  queueCalendar(scope: Scope, calendarId: string): Promise<string | null> {
    return this.enqueue(scope, calendarId);
  }

  private enqueue(scope: Scope, calendarId: string): Promise<string | null> {
    const payload: SyncCalendarPayload = { orgId: scope.orgId, userId: scope.userId, calendarId };
    return this.queue.enqueue(SYNC_CALENDAR_JOB, payload, {
      dedupeKey: `sync:${calendarId}`,
      orgId: scope.orgId,
      maxAttempts: SYNC_JOB_ATTEMPTS,
    });
  }

  private async syncableCalendars(filter: {
    userId: string | null;
    provider: ProviderKind | null;
  }): Promise<SyncableCalendar[]> {
    const connections = (await this.store.connections.listActive()).filter(
      ({ scope, connection }) =>
        (filter.userId === null || scope.userId === filter.userId) &&
        (filter.provider === null || connection.provider === filter.provider) &&
        connection.settings['polling'] !== false,
    );
    const calendars: SyncableCalendar[] = [];
    for (const { scope, connection } of connections) {
      for (const calendar of await this.store.calendars.list(scope, {
        connectionId: connection.id,
      })) {
        if (calendar.selected && !calendar.missingSince)
          calendars.push({
            scope,
            calendarId: calendar.id,
            calendarName: calendar.name,
            account: connection.label,
            provider: calendar.provider,
          });
      }
    }
    return calendars;
  }

  private async syncOne(
    engine: SyncEngine,
    calendar: SyncableCalendar,
  ): Promise<CalendarSyncResult> {
    const base = {
      calendarId: calendar.calendarId,
      calendarName: calendar.calendarName,
      account: calendar.account,
      provider: calendar.provider,
      orgId: calendar.scope.orgId,
      userId: calendar.scope.userId,
    };
    // `calintel sync` without a provider's settings must not mark the calendars that the
    // service, which has them, syncs fine as failed.
    if (!engine.hasProvider(calendar.provider))
      return {
        ...base,
        ...nothingDone(),
        error: {
          kind: 'not_configured',
          message: `this process has no ${calendar.provider} settings: not synced here, nothing recorded; sync it where they are set (the service: its dashboard or POST /api/v1/calendar/sync/), or set them for this command`,
        },
        skipped: null,
      };
    try {
      const outcome = await engine.syncCalendar(calendar.scope, calendar.calendarId);
      return {
        ...base,
        added: outcome.added,
        updated: outcome.updated,
        deleted: outcome.deleted,
        changes: outcome.changes,
        issues: outcome.issues.length,
        error: null,
        skipped: outcome.stopped ?? null,
      };
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      const busy = error instanceof SyncBusyError;
      return {
        ...base,
        ...nothingDone(),
        error: busy ? null : { kind: error.kind, message: error.message },
        skipped: busy ? 'busy' : null,
      };
    }
  }

  /** Syncs in a transaction that is rolled back, but for refreshed secrets (sync-dry-run.ts). */
  private dryRun(calendar: SyncableCalendar): Promise<CalendarSyncResult> {
    return rolledBack(this.store, (tx) => this.syncOne(this.engineFor(tx), calendar));
  }
}

function parsePayload(payload: unknown): SyncCalendarPayload {
  const p = payload as Partial<SyncCalendarPayload> | null;
  if (
    !p ||
    typeof p.orgId !== 'string' ||
    typeof p.userId !== 'string' ||
    typeof p.calendarId !== 'string'
  ) {
    throw new PermanentJobFailure(`malformed ${SYNC_CALENDAR_JOB} payload`);
  }
  return { orgId: p.orgId, userId: p.userId, calendarId: p.calendarId };
}

function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : 'the queue stopped';
  return `sync stopped before its end (${why}); retried from its last committed page`;
}

/**
 * Why a calendar cannot be synced now (an imported file, a disconnected account, a calendar its
 * provider no longer lists), or null.
 */
function unsyncableReason(calendar: Calendar, connection: Connection | undefined): AppError | null {
  if (calendar.missingSince)
    return new AppError(
      'conflict',
      `"${calendar.name}": ${missingCalendarMessage(calendar.provider, calendar.missingSince)}`,
    );
  if (connection?.status === 'disconnected')
    return new AppError(
      'conflict',
      `the connection of "${calendar.name}" is disconnected: connect it again to sync it`,
    );
  if (connection?.settings['polling'] === false)
    return new AppError(
      'imported_calendar',
      `"${calendar.name}" is an imported file, which has no feed to sync from: to update it, ` +
        'import the file again',
    );
  return null;
}
