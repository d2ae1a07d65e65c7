/**
 * The sync status read model (`GET /sync/status/`): per calendar, its stored sync status, whether
 * it is failing past the alert threshold, and, for a calendar its provider no longer lists, that
 * (calendar-discovery.ts) in place of its schedule.
 */
import type { SyncStatusView } from '../../api/schemas.js';
import type { ProviderKind } from '../../domain/event.js';
import type { Calendar, SyncStatus } from '../../store/store.js';
import { missingCalendarMessage } from './calendar-discovery-plan.js';

export function syncStatusViews(
  statuses: readonly SyncStatus[],
  calendars: readonly Calendar[],
  failingSince: Date,
): SyncStatusView[] {
  const byId = new Map(calendars.map((c) => [c.id, c]));
  return statuses.flatMap((s) => {
    const calendar = byId.get(s.calendarId);
    if (!calendar) return [];
    const view: SyncStatusView = {
      calendarId: s.calendarId,
      calendarName: calendar.name,
      connectionId: calendar.connectionId,
      provider: calendar.provider as ProviderKind,
      state: s.state,
      lastSyncAt: s.lastSyncAt,
      lastSuccessAt: s.lastSuccessAt,
      nextRunAt: s.nextRunAt,
      eventsCount: s.eventsCount,
      lastCounts: { added: s.lastAdded, updated: s.lastUpdated, deleted: s.lastDeleted },
      issues: s.lastIssues,
      issueCount: s.lastIssueCount,
      eventsLeftOut: s.lastEventsLeftOut,
      eventsKeptWithIssues: s.lastEventsKept,
      lastError: s.lastError,
      consecutiveFailures: s.consecutiveFailures,
      failing: isFailing(s, failingSince),
    };
    const missing = calendar.missingSince;
    if (!missing) return [view];
    // Not synced while its provider no longer lists it: the status says why, and no next run.
    const message = missingCalendarMessage(calendar.provider, missing);
    return [
      {
        ...view,
        state: 'error' as const,
        nextRunAt: null,
        lastError: { kind: 'gone', message, at: missing },
      },
    ];
  });
}

/** The same rule as listFailingSyncs: failures and no success since the threshold. */
export function isFailing(
  status: {
    consecutiveFailures: number;
    lastSuccessAt: string | null;
    failingSince: string | null;
    lastError: { at: string } | null;
  },
  since: Date,
): boolean {
  if (status.consecutiveFailures === 0) return false;
  // As listFailingSyncs: a calendar that never synced counts from its first failure.
  const reference = status.lastSuccessAt ?? status.failingSince ?? status.lastError?.at ?? null;
  return reference !== null && Date.parse(reference) < since.getTime();
}
