/** The sync engine's SyncStore port, implemented over the Store. */
import type { ProviderKind } from '../domain/event.js';
import { countEventOutcomes } from '../domain/ical/event-effects.js';
import type { ProviderErrorKind, SyncIssue, SyncPage } from '../providers/provider.js';
import { SecretBoxError } from '../store/secret-box.js';
import type { RunEnd } from '../store/sync-status.repository.js';
import type { Store } from '../store/store.js';
import { connectionIsItsCalendar } from '../sync/schedule.js';
import {
  RunInterrupted,
  type PageCounts,
  type RunProgress,
  type Scope,
  type SyncOutcome,
  type SyncStore,
  type SyncTarget,
} from '../sync/sync-store.js';

/**
 * How many issues a calendar keeps in its status: enough to act on, bounded for huge files. Their
 * count is kept whole beside them.
 */
const MAX_STORED_ISSUES = 200;

export interface StoreSyncAdapterOptions {
  /**
   * The clock of runs' claims (when one was taken, last renewed, judged stale): the store's own,
   * the same for every run whatever clock its engine reads. Default: the system clock.
   */
  clock?: () => Date;
  /** How long a silent run's claim holds; default SYNC_RUN_STALE_AFTER_MS. */
  runStaleAfterMs?: number;
}

export class StoreSyncAdapter implements SyncStore {
  private readonly clock: () => Date;

  constructor(
    private readonly store: Store,
    private readonly options: StoreSyncAdapterOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async loadTarget(scope: Scope, calendarId: string): Promise<SyncTarget | null> {
    const calendar = await this.store.calendars.get(scope, calendarId);
    if (!calendar) return null;
    const loaded = await this.connectionOf(scope, calendar.connectionId);
    if (!loaded) return null;
    const { connection, unavailable } = loaded;
    const status = await this.store.syncStatus.get(scope, calendarId);
    return {
      ...(unavailable ? { unavailable } : {}),
      scope,
      provider: calendar.provider as ProviderKind,
      connection: {
        id: connection.id,
        secrets: connection.secrets,
        settings: { ...connection.settings, label: connection.label },
        saveSecrets: async (secrets) => {
          await this.store.connections.updateSecrets(scope, connection.id, secrets);
        },
        loadSecrets: async () =>
          (await this.store.connections.get(scope, connection.id))?.secrets ?? null,
      },
      calendarId,
      calendar: {
        providerCalendarId: calendar.providerCalendarId,
        name: calendar.name,
        timeZone: calendar.timeZone,
        isPrimary: calendar.isPrimary,
      },
      cursor: status?.cursor ?? null,
      // Read with the cursor, in one row: see SyncTarget.version.
      version: status?.version ?? 0,
      consecutiveFailures: status?.consecutiveFailures ?? 0,
      lastChangeAt: status?.lastChangeAt ? new Date(status.lastChangeAt) : null,
      // A disconnected connection's calendars keep their events and are never synced again.
      selected: calendar.selected && connection.status !== 'disconnected',
    };
  }

  /**
   * The calendar's connection with its secrets; one whose secrets do not decrypt comes without
   * them and with the reason, so that the run records that failure on the calendar (sync/status
   * shows it, backoff spaces the retries) instead of throwing before anything is recorded.
   */
  private async connectionOf(scope: Scope, connectionId: string) {
    try {
      const connection = await this.store.connections.get(scope, connectionId);
      return connection ? { connection, unavailable: null } : null;
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      const listed = (await this.store.connections.list(scope)).find((c) => c.id === connectionId);
      if (!listed) return null;
      const unavailable =
        `the stored credentials of connection "${listed.label}" cannot be decrypted with this ` +
        'CALINTEL_SECRET_KEY (was it changed since they were saved?): start calintel with that ' +
        'key again, or connect the calendar anew';
      return { connection: { ...listed, secrets: {} }, unavailable };
    }
  }

  async startRun(target: SyncTarget, at: Date): Promise<number | null> {
    const claimed = await this.store.syncStatus.claimRun(target.scope, target.calendarId, {
      runId: runIdOf(target),
      startedAt: at,
      now: this.clock(),
      version: versionOf(target),
      ...(this.options.runStaleAfterMs !== undefined
        ? { staleAfterMs: this.options.runStaleAfterMs }
        : {}),
    });
    return claimed ?? null;
  }

  async markRunning(target: SyncTarget, at: Date): Promise<void> {
    await this.store.syncStatus.markRunning(target.scope, target.calendarId, {
      version: versionOf(target),
      startedAt: at,
      now: this.clock(),
      ...(this.options.runStaleAfterMs !== undefined
        ? { staleAfterMs: this.options.runStaleAfterMs }
        : {}),
    });
  }

  async stopRun(target: SyncTarget, resumeAt: Date, run: RunProgress): Promise<void> {
    await this.store.syncStatus.markStopped(target.scope, target.calendarId, {
      ...this.runEnd(target, run),
      resumeAt,
    });
  }

  async abandonRun(target: SyncTarget): Promise<void> {
    await this.store.syncStatus.abandonRun(target.scope, target.calendarId, runIdOf(target));
  }

  async nextGeneration(target: SyncTarget): Promise<number> {
    const generation = await this.store.syncStatus.nextGeneration(target.scope, target.calendarId);
    if (generation === undefined)
      throw new Error(`no sync status for calendar ${target.calendarId}`);
    return generation;
  }

  commitPage(target: SyncTarget, page: SyncPage, generation: number): Promise<PageCounts> {
    return this.store.transaction(async (tx) => {
      const check = await tx.syncStatus.continueRun(
        target.scope,
        target.calendarId,
        runIdOf(target),
        this.clock(),
      );
      if (check === 'taken_over')
        throw new RunInterrupted(
          'taken_over',
          `another run took over the sync of calendar ${target.calendarId} (this one was silent ` +
            'too long, or the calendar was turned off and on): it stopped without writing its page',
        );
      if (check === 'deselected')
        throw new RunInterrupted(
          'deselected',
          `calendar ${target.calendarId} was turned off (or its connection removed) during the ` +
            'sync: the run stopped without writing more',
        );
      // What the provider listed but could not read keeps its stored copy (see EventPageInput).
      const kept: string[] = [];
      const keptSeries: string[] = [];
      for (const issue of page.issues) {
        if (issue.providerEventId === null) continue;
        (issue.keepsSeries ? keptSeries : kept).push(issue.providerEventId);
      }
      const counts = await tx.events.applyPage(
        target.scope,
        target.calendarId,
        {
          upserts: page.upserts,
          deletions: page.deletions,
          kept,
          keptSeries,
          ...(page.removalsWithin ? { deletionsWithin: page.removalsWithin } : {}),
        },
        generation,
      );
      if (page.mode === 'snapshot' && !page.hasMore) {
        const removed = await tx.events.deleteNotInGeneration(
          target.scope,
          target.calendarId,
          generation,
          { within: page.covers },
        );
        counts.deleted += removed;
        counts.changes.deleted += removed;
      }
      if (page.nextCursor !== null)
        await tx.syncStatus.setCursor(target.scope, target.calendarId, page.nextCursor);
      return counts;
    });
  }

  async succeedRun(
    target: SyncTarget,
    outcome: SyncOutcome,
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<boolean> {
    const recorded = await this.store.syncStatus.markSucceeded(
      target.scope,
      target.calendarId,
      {
        ...this.runEnd(target, run),
        ...(run.cursor !== undefined ? { cursor: run.cursor } : {}),
        added: outcome.added,
        updated: outcome.updated,
        deleted: outcome.deleted,
        issues: outcome.issues.slice(0, MAX_STORED_ISSUES),
        issueCount: outcome.issues.length,
        ...eventOutcomes(outcome.issues),
        // No page, or only pages that moved the cursor over the same content: the issues of
        // the last read are still true of what the source holds.
        issuesUnchanged: outcome.sameContentPages === outcome.pages,
        nextRunAt,
      },
      at,
    );
    // Another run holds the calendar now: what it finds is what counts.
    if (!recorded) return false;
    await this.store.connections.updateStatus(target.scope, target.connection.id, 'active', null, {
      unlessDisconnected: true,
    });
    return true;
  }

  /** How the run's end names itself: by its claim, or as a run that read `target.version`. */
  private runEnd(target: SyncTarget, run: RunProgress): RunEnd {
    if (run.claimed) return { runId: runIdOf(target) };
    return {
      unclaimed: {
        version: versionOf(target),
        startedAt: run.startedAt,
        now: this.clock(),
        ...(this.options.runStaleAfterMs !== undefined
          ? { staleAfterMs: this.options.runStaleAfterMs }
          : {}),
      },
    };
  }

  async failRun(
    target: SyncTarget,
    failure: { kind: ProviderErrorKind | 'internal'; message: string },
    at: Date,
    nextRunAt: Date | null,
    run: RunProgress,
  ): Promise<void> {
    // One transaction: a calendar failed for a refused credential is due again as soon as its
    // connection is active (listDueSyncs), so the scheduler must never see the first without the
    // connection marked.
    await this.store.transaction(async (tx) => {
      const recorded = await tx.syncStatus.markFailed(
        target.scope,
        target.calendarId,
        { ...failure, nextRunAt, ...this.runEnd(target, run) },
        at,
      );
      // Another run holds the calendar now: what it finds is what counts.
      if (!recorded) return;
      // A refused credential needs the user, whichever calendar met it. Anything else is the
      // calendar's trouble, shown on it: one calendar of an account deleted or unshared (a `gone`
      // Google, Outlook, Exchange or CalDAV calendar) leaves the account and its other calendars
      // syncing. Only where the connection is its one calendar (a feed) is the connection gone.
      if (failure.kind === 'auth') {
        await tx.connections.updateStatus(
          target.scope,
          target.connection.id,
          'reauth_required',
          failure.message,
          { unlessDisconnected: true },
        );
      } else if (failure.kind === 'gone' && connectionIsItsCalendar(target.provider)) {
        await tx.connections.updateStatus(
          target.scope,
          target.connection.id,
          'error',
          failure.message,
          { unlessDisconnected: true },
        );
      }
    });
  }
}

function runIdOf(target: SyncTarget): string {
  if (!target.runId) throw new Error(`the sync run of calendar ${target.calendarId} has no id`);
  return target.runId;
}

function versionOf(target: SyncTarget): number {
  if (target.version === undefined)
    throw new Error(`the sync run of calendar ${target.calendarId} read no status version`);
  return target.version;
}

/** What the run's issues did to events, counted over all of them, not the 200 stored. */
function eventOutcomes(issues: readonly SyncIssue[]): {
  eventsLeftOut: number;
  eventsKept: number;
} {
  const counts = countEventOutcomes(issues);
  return { eventsLeftOut: counts.leftOut, eventsKept: counts.keptWithIssues };
}
