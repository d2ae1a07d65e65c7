/**
 * The sync hub: pulls pages of changes from a provider and commits each page together with the
 * cursor that follows it, so that a crash at any point resumes without loss or duplication.
 */
import { randomUUID } from 'node:crypto';
import { addChangeCounts } from '../domain/changes/event-change.js';
import { ZONE_SPREAD_MS } from '../domain/viewer-dates.js';
import type { CalendarProvider, SyncPage, SyncWindow } from '../providers/provider.js';
import { ProviderError } from '../providers/provider.js';
import { coalescePages, JOINED_PAGE_EVENTS } from './coalesce-pages.js';
import { readAhead } from './read-ahead.js';
import { RunLog, type SyncLogger } from './run-log.js';
import { RUNNING_MARK_AFTER_MS, RunningMark } from './running-mark.js';
import { changesNothing, emptyPageCounts, progressOf, type RunState } from './run-state.js';
import {
  RunInterrupted,
  type PageCounts,
  type Scope,
  type SyncOutcome,
  type SyncStore,
  type SyncTarget,
} from './sync-store.js';
import { nextRunAfterFailure, nextRunAfterSuccess, type SyncSchedule } from './schedule.js';

export interface SyncEngineDeps {
  store: SyncStore;
  providers: ReadonlyMap<string, CalendarProvider>;
  clock: () => Date;
  window: { pastDays: number; futureDays: number };
  schedule: SyncSchedule;
  /**
   * A provider's pages are joined until a commit holds this many events (default
   * JOINED_PAGE_EVENTS; 1 commits every page on its own, as tests of cut-short runs need).
   */
  joinPagesUpTo?: number;
  /** Told about every finished run (null outcome: failed), for metrics. */
  onRun?: (provider: string, outcome: SyncOutcome | null) => void;
  /** Where failed runs and long ones are told (run-log.ts); unset, nothing is logged. */
  logger?: SyncLogger;
  /** How long a run with a cursor goes without a write before it shows as syncing (running-mark.ts). */
  markRunningAfterMs?: number;
  /** Events a run reads before it is logged as long; default LONG_RUN_EVENTS. */
  longRunEvents?: number;
  /**
   * EVENT_RETENTION_DAYS: an event that ended longer ago than this is not stored (see
   * withoutExpired). Unset, every event is.
   */
  retentionDays?: number;
}

export interface SyncCalendarOptions {
  /** Pages to apply instead of asking the provider (a file import supplies its own snapshot). */
  pages?: AsyncIterable<SyncPage> | Iterable<SyncPage>;
  signal?: AbortSignal;
  onPage?: (counts: PageCounts) => void;
}

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    message: string,
    readonly kind: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Another run holds the calendar's sync (`calintel sync` beside a worker, a job run twice): this
 * one did nothing and changed nothing. Not a failure of the calendar: try again shortly, since
 * what asked for this run (a push) may not be in the other one.
 */
export class SyncBusyError extends SyncError {
  constructor(calendarId: string) {
    super(
      `calendar ${calendarId} is being synced by another run: skipped, nothing was changed`,
      'busy',
    );
  }
}

const DAY_MS = 86_400_000;
/** The open end of a span bounded below only, as a date every store can compare. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

export class SyncEngine {
  constructor(private readonly deps: SyncEngineDeps) {}

  /** Whether this process can sync the provider's calendars (it has the provider's settings). */
  hasProvider(kind: string): boolean {
    return this.deps.providers.has(kind);
  }

  /** Now, on the engine's clock. */
  now(): Date {
    return this.deps.clock();
  }

  /** The window of time that is kept in step with the provider, relative to now. */
  window(now: Date = this.deps.clock()): { from: Date; to: Date } {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return {
      from: new Date(today - this.deps.window.pastDays * DAY_MS),
      to: new Date(today + this.deps.window.futureDays * DAY_MS),
    };
  }

  /** Syncs one calendar to the provider's current state; records success or failure on it. */
  async syncCalendar(
    scope: Scope,
    calendarId: string,
    options: SyncCalendarOptions = {},
  ): Promise<SyncOutcome> {
    const loaded = await this.deps.store.loadTarget(scope, calendarId);
    if (!loaded) throw new SyncError(`calendar ${calendarId} not found`, 'not_found');
    // Turned off by its user: whatever queued this (a push notification, a manual sync, a
    // reconnect), its events must not come back.
    if (loaded.selected === false) return { ...emptyOutcome(), stopped: 'deselected' };
    // One run at a time per calendar: two would both commit pages, and the end of one's snapshot
    // would remove what only the other had listed. The claim is taken before the first write
    // (claim()), so that a run the provider answers "no changes" writes only its end.
    const target: SyncTarget = { ...loaded, runId: randomUUID() };
    const started = this.deps.clock();
    const run: RunState = { startedAt: started, claimed: false, generation: 0 };
    const outcome = emptyOutcome();
    const log = new RunLog(this.deps.logger, target, started, this.deps.longRunEvents);
    const mark = this.runningMark(target, run);
    try {
      if (target.unavailable) throw new SyncError(target.unavailable, 'unavailable');
      await this.pull(target, run, outcome, mark, {
        ...options,
        onPage: (counts) => {
          options.onPage?.(counts);
          log.page(outcome);
        },
      });
      await mark.settle();
      const finished = this.deps.clock();
      log.finished(outcome, finished);
      this.deps.onRun?.(target.provider, outcome);
      const recorded = await this.deps.store.succeedRun(
        target,
        outcome,
        finished,
        nextRunAfterSuccess(this.deps.schedule, target, finished, outcome),
        progressOf(run),
      );
      // A run that never claimed the calendar met another run at its end: like a run refused
      // its claim, it is tried again shortly, since what queued it (a push) may be in neither.
      if (!recorded && !run.claimed) throw new SyncBusyError(calendarId);
      return outcome;
    } catch (error) {
      await mark.settle();
      // Another run has the calendar: this one wrote nothing, and records nothing.
      if (error instanceof SyncBusyError) throw error;
      if (error instanceof RunInterrupted) return this.interrupted(target, error, outcome);
      // Stopped from outside (a graceful shutdown, a lost job lease): nothing is wrong with the
      // calendar, so no failure is recorded on it and no backoff delays it; the claim is let go
      // and the pages committed so far keep their cursor for the next run, which the queue
      // starts at once (its job is retried): the calendar shows pending, due now, with the
      // events it holds.
      if (options.signal?.aborted) {
        const stopped = this.deps.clock();
        log.stopped(outcome, stopped);
        await this.deps.store.stopRun(target, stopped, progressOf(run));
        throw new SyncError(
          `the sync of calendar ${calendarId} was stopped before its end`,
          'aborted',
          { cause: error },
        );
      }
      const failure = describeFailure(error);
      this.deps.onRun?.(target.provider, null);
      const finished = this.deps.clock();
      const retryAfterMs = error instanceof ProviderError ? error.retryAfterMs : null;
      const nextRunAt = nextRunAfterFailure(
        this.deps.schedule,
        {
          kind: failure.kind,
          retryAfterMs,
          previousFailures: target.consecutiveFailures,
          provider: target.provider,
        },
        finished,
      );
      log.failed(error, failure, nextRunAt, finished);
      await this.deps.store.failRun(target, failure, finished, nextRunAt, {
        startedAt: started,
        claimed: run.claimed,
      });
      throw new SyncError(failure.message, failure.kind, { cause: error });
    }
  }

  /**
   * Claims the calendar for the run before its first write. SyncBusyError: another run has it, or
   * wrote since this one read its cursor (its fetch is then out of date); retried, it reads afresh.
   */
  private async claim(target: SyncTarget, run: RunState, mark: RunningMark): Promise<void> {
    if (run.claimed) return;
    // The claim marks the calendar syncing itself: a mark still to come is not needed.
    await mark.settle();
    const generation = await this.deps.store.startRun(target, run.startedAt);
    if (generation === null) throw new SyncBusyError(target.calendarId);
    run.claimed = true;
    run.generation = generation;
  }

  /**
   * A run stopped by its store, nothing of the page written: turned off under it, the run ends
   * quietly with what it wrote before (those events went with the calendar's); taken over, it
   * leaves everything to the run that has the calendar now.
   */
  private async interrupted(
    target: SyncTarget,
    error: RunInterrupted,
    outcome: SyncOutcome,
  ): Promise<SyncOutcome> {
    if (error.reason === 'taken_over') throw new SyncError(error.message, 'taken_over');
    await this.deps.store.abandonRun(target, this.deps.clock());
    return { ...outcome, stopped: 'deselected' };
  }

  /**
   * Pulls and commits every page, adding each page's counts to `outcome` as it is committed. A
   * delta page that changes nothing (no event, no removal, no event kept despite an issue) is not
   * committed: its cursor waits in `run.cursor` for the success, which stores it in the same
   * write. Lost with a failure or a crash, it costs only that the next run asks from the cursor
   * before it, and hears the same nothing again.
   */
  private async pull(
    target: SyncTarget,
    run: RunState,
    outcome: SyncOutcome,
    mark: RunningMark,
    options: SyncCalendarOptions,
  ): Promise<void> {
    const window = this.window();
    const expiredBefore = this.expiredBefore();
    const pages =
      options.pages ??
      this.providerFor(target).fetchChanges({
        connection: target.connection,
        calendar: target.calendar,
        cursor: target.cursor,
        window,
        ...(expiredBefore === null ? {} : { retainedSince: new Date(expiredBefore) }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    let afterDelta = false;
    const covers = this.snapshotSpan(target, window, expiredBefore);
    const removalsWithin =
      this.deps.providers.get(target.provider)?.removals === 'within window' ? window : undefined;
    for await (const listed of readAhead(this.joinSmallPages(pages))) {
      const unexpired = expiredBefore === null ? listed : withoutExpired(listed, expiredBefore);
      const page = {
        ...unexpired,
        ...(covers && unexpired.mode === 'snapshot' ? { covers } : {}),
        ...(removalsWithin ? { removalsWithin } : {}),
      };
      options.signal?.throwIfAborted();
      if (changesNothing(page)) {
        if (page.nextCursor !== null) run.cursor = page.nextCursor;
        countPage(outcome, page, emptyPageCounts());
        options.onPage?.(emptyPageCounts());
        continue;
      }
      await this.claim(target, run, mark);
      // A snapshot that follows delta pages (the sync token expired part-way through a listing)
      // needs a generation of its own: the delta pages stamped this run's on events the
      // snapshot may no longer list, which its end would then wrongly keep.
      if (page.mode === 'snapshot' && afterDelta)
        run.generation = await this.deps.store.nextGeneration(target);
      afterDelta = page.mode === 'delta';
      // The page that ends a snapshot also removes what the snapshot did not list, atomically
      // with its cursor (see SyncStore.commitPage).
      const counts = await this.deps.store.commitPage(target, page, run.generation);
      // The committed page's cursor (or its choice to keep the stored one) follows any left.
      delete run.cursor;
      countPage(outcome, page, counts);
      options.onPage?.(counts);
    }
  }

  /** Shows the run as syncing once it has gone markRunningAfterMs without a write (running-mark.ts). */
  private runningMark(target: SyncTarget, run: RunState): RunningMark {
    const afterMs = this.deps.markRunningAfterMs ?? RUNNING_MARK_AFTER_MS;
    return RunningMark.after(afterMs, () => this.deps.store.markRunning(target, run.startedAt));
  }

  /** The span a snapshot of the target's provider lists, or null for the whole calendar. */
  private snapshotSpan(
    target: SyncTarget,
    window: SyncWindow,
    expiredBefore: string | null,
  ): SyncWindow | null {
    switch (this.deps.providers.get(target.provider)?.snapshotsList) {
      case 'window':
        return window;
      case 'retained':
        // An all-day event is listed by its provider's dating of its end, which may be in another
        // zone than the one its stored instants are in: an unlisted event that ends less than a
        // zone spread after the cutoff may have been left out only for that. It stays, not
        // logged as deleted, until retention removes it within the day.
        return expiredBefore === null
          ? null
          : { from: new Date(Date.parse(expiredBefore) + ZONE_SPREAD_MS), to: END_OF_TIME };
      default:
        return null;
    }
  }

  /** The end (ISO, UTC) before which an event is past retention, or null when all are kept. */
  private expiredBefore(): string | null {
    const days = this.deps.retentionDays;
    if (days === undefined) return null;
    return new Date(this.deps.clock().getTime() - days * DAY_MS).toISOString();
  }

  /** A provider's small pages joined into larger commits; pages already in memory stay as given. */
  private joinSmallPages(
    pages: AsyncIterable<SyncPage> | Iterable<SyncPage>,
  ): AsyncIterable<SyncPage> | Iterable<SyncPage> {
    if (!(Symbol.asyncIterator in pages)) return pages;
    return coalescePages(pages, this.deps.joinPagesUpTo ?? JOINED_PAGE_EVENTS);
  }

  private providerFor(target: SyncTarget): CalendarProvider {
    const provider = this.deps.providers.get(target.provider);
    if (!provider)
      throw new SyncError(`the ${target.provider} provider is not configured`, 'not_configured');
    return provider;
  }
}

function emptyOutcome(): SyncOutcome {
  return {
    ...emptyPageCounts(),
    issues: [],
    pages: 0,
    sameContentPages: 0,
    eventsCount: 0,
  };
}

function countPage(outcome: SyncOutcome, page: SyncPage, counts: PageCounts): void {
  addCounts(outcome, counts);
  outcome.pages += 1;
  if (page.sameContent) outcome.sameContentPages += 1;
  outcome.issues.push(...page.issues);
}

function addCounts(total: PageCounts, page: PageCounts): void {
  total.added += page.added;
  total.updated += page.updated;
  total.unchanged += page.unchanged;
  total.deleted += page.deleted;
  addChangeCounts(total.changes, page.changes);
}

function describeFailure(error: unknown): {
  kind: ProviderError['kind'] | 'internal';
  message: string;
} {
  if (error instanceof ProviderError) return { kind: error.kind, message: error.message };
  if (error instanceof SyncError) return { kind: 'permanent', message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The page without the events that ended before `expiredBefore`: the daily retention task would
 * delete them again, without a change-log entry, so storing them (a Google full listing has no
 * time bound, and a 410 brings back years) only logged `created` for events that then vanished
 * silently. Each becomes a deletion instead: a stored copy moved that far into the past goes,
 * and an id never stored costs nothing and logs nothing.
 */
export function withoutExpired(page: SyncPage, expiredBefore: string): SyncPage {
  if (!page.upserts.some((upsert) => upsert.event.end < expiredBefore)) return page;
  const upserts = page.upserts.filter((upsert) => upsert.event.end >= expiredBefore);
  const expired = page.upserts
    .filter((upsert) => upsert.event.end < expiredBefore)
    .map((upsert) => upsert.event.providerEventId);
  return { ...page, upserts, deletions: [...page.deletions, ...expired] };
}
