/**
 * Turns an event's before and after into change-log entries, shared by the page writer
 * (events.repository.ts) and the deletion of unlisted events (events-unlisted.repository.ts).
 */
import { describeChanges } from '../domain/changes/describe-changes.js';
import { emptyChangeCounts, type ChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarEvent } from '../domain/event.js';
import type { ChangeEntry } from './changes.repository.js';

/** Appends to `log` what changed about one event (nothing, when only bookkeeping changed). */
export function logChanges(
  log: ChangeEntry[],
  eventId: string,
  before: CalendarEvent | null,
  after: CalendarEvent | null,
): void {
  const event = after ?? before;
  if (!event) return;
  for (const change of describeChanges(before, after)) {
    log.push({ eventId, providerEventId: event.providerEventId, seriesId: event.seriesId, change });
  }
}

export function countKinds(log: readonly ChangeEntry[]): ChangeCounts {
  const counts = emptyChangeCounts();
  for (const entry of log) counts[entry.change.kind] += 1;
  return counts;
}
