/** The sync engine's SyncStore port, implemented over the Store. */
import type { ProviderKind } from '../domain/event.js';
import type { ProviderErrorKind, SyncPage } from '../providers/provider.js';
import type { Store } from '../store/store.js';
import { connectionIsItsCalendar } from '../sync/schedule.js';
import type { PageCounts, Scope, SyncOutcome, SyncStore, SyncTarget } from '../sync/sync-store.js';

/** How many issues a calendar keeps in its status: enough to act on, bounded for huge files. */
const MAX_STORED_ISSUES = 200;

export class StoreSyncAdapter implements SyncStore {
  constructor(private readonly store: Store) {}

  async loadTarget(scope: Scope, calendarId: string): Promise<SyncTarget | null> {
    const calendar = await this.store.calendars.get(scope, calendarId);
    if (!calendar) return null;
    const connection = await this.store.connections.get(scope, calendar.connectionId);
    if (!connection) return null;
    const status = await this.store.syncStatus.get(scope, calendarId);
    return {
      scope,
      provider: calendar.provider as ProviderKind,
      connection: {
        id: connection.id,
        secrets: connection.secrets,
        settings: { ...connection.settings, label: connection.label },
        saveSecrets: async (secrets) => {
          await this.store.connections.updateSecrets(scope, connection.id, secrets);
        },
      },
      calendarId,
      calendar: {
        providerCalendarId: calendar.providerCalendarId,
        name: calendar.name,
        timeZone: calendar.timeZone,
        isPrimary: calendar.isPrimary,
      },
      cursor: status?.cursor ?? null,
      consecutiveFailures: status?.consecutiveFailures ?? 0,
      lastChangeAt: status?.lastChangeAt ? new Date(status.lastChangeAt) : null,
      // A disconnected connection's calendars keep their events and are never synced again.
      selected: calendar.selected && connection.status !== 'disconnected',
    };
  }

  async startRun(target: SyncTarget, at: Date): Promise<number> {
    await this.store.syncStatus.markStarted(target.scope, target.calendarId, at);
    return this.nextGeneration(target);
  }

  async nextGeneration(target: SyncTarget): Promise<number> {
    const generation = await this.store.syncStatus.nextGeneration(target.scope, target.calendarId);
    if (generation === undefined)
      throw new Error(`no sync status for calendar ${target.calendarId}`);
    return generation;
  }

  commitPage(target: SyncTarget, page: SyncPage, generation: number): Promise<PageCounts> {
    return this.store.transaction(async (tx) => {
      // What the provider listed but could not read keeps its stored copy (see EventPageInput).
      const kept = page.issues.flatMap((issue) =>
        issue.providerEventId === null ? [] : [issue.providerEventId],
      );
      const counts = await tx.events.applyPage(
        target.scope,
        target.calendarId,
        { upserts: page.upserts, deletions: page.deletions, kept },
        generation,
      );
      if (page.mode === 'snapshot' && !page.hasMore) {
        const removed = await tx.events.deleteNotInGeneration(
          target.scope,
          target.calendarId,
          generation,
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
  ): Promise<void> {
    await this.store.syncStatus.markSucceeded(
      target.scope,
      target.calendarId,
      {
        added: outcome.added,
        updated: outcome.updated,
        deleted: outcome.deleted,
        issues: outcome.issues.slice(0, MAX_STORED_ISSUES),
        nextRunAt,
      },
      at,
    );
    await this.store.connections.updateStatus(target.scope, target.connection.id, 'active', null, {
      unlessDisconnected: true,
    });
  }

  async failRun(
    target: SyncTarget,
    failure: { kind: ProviderErrorKind | 'internal'; message: string },
    at: Date,
    nextRunAt: Date | null,
  ): Promise<void> {
    await this.store.syncStatus.markFailed(
      target.scope,
      target.calendarId,
      { ...failure, nextRunAt },
      at,
    );
    // A refused credential needs the user, whichever calendar met it. Anything else is the
    // calendar's trouble, shown on it: one calendar of an account deleted or unshared (a `gone`
    // Google, Outlook, Exchange or CalDAV calendar) leaves the account and its other calendars
    // syncing. Only where the connection is its one calendar (a feed) is the connection gone.
    if (failure.kind === 'auth') {
      await this.store.connections.updateStatus(
        target.scope,
        target.connection.id,
        'reauth_required',
        failure.message,
        { unlessDisconnected: true },
      );
    } else if (failure.kind === 'gone' && connectionIsItsCalendar(target.provider)) {
      await this.store.connections.updateStatus(
        target.scope,
        target.connection.id,
        'error',
        failure.message,
        { unlessDisconnected: true },
      );
    }
  }
}
