/** Deleting a connection with its events, and what must be computed again after it. */
import type { OrgScope, Scope, Store } from '../../store/store.js';

/** Queues meeting detection for every user of the organisation (MeetingsService). */
export type RedetectOrganisation = (scope: OrgScope) => Promise<unknown>;

/**
 * Deletes a connection: its calendars and events go with it, and their meetings with the events
 * (cascade), without a change-log entry. When it held events, detection is queued for the whole
 * organisation, not only the user: a meeting's type counts its account's history across the
 * organisation's meetings, and relationships and conflicts are recomputed after detection, so
 * without this they stay stale until the next sync or the daily run. Returns whether it went.
 */
export async function deleteConnectionWithEvents(
  store: Store,
  scope: Scope,
  connectionId: string,
  redetect: RedetectOrganisation,
): Promise<boolean> {
  const calendars = await store.calendars.list(scope, { connectionId });
  let events = 0;
  for (const calendar of calendars)
    events += await store.events.count(scope, { calendarId: calendar.id });
  const deleted = await store.connections.delete(scope, connectionId);
  if (deleted && events > 0) await redetect({ orgId: scope.orgId });
  return deleted;
}

/**
 * Removes every event of a calendar as a snapshot that listed nothing would (each removal in the
 * change log, so detection, conflicts and relationships follow), inside the caller's transaction.
 * A sync running meanwhile stops at its next page without writing it: each page checks in its own
 * transaction that the run still holds its claim, which is taken from it here. Returns how many
 * events went.
 */
export async function emptyCalendarIn(
  tx: Store,
  scope: Scope,
  calendarId: string,
): Promise<number> {
  await tx.syncStatus.revokeRun(scope, calendarId);
  const generation = await tx.syncStatus.nextGeneration(scope, calendarId);
  if (generation === undefined) return 0;
  return tx.events.deleteNotInGeneration(scope, calendarId, generation);
}
