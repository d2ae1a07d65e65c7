/**
 * The rows of a page's updates to stored events. A cancelled copy is stored merged over the
 * version before it (cancelledCopyOver): a stub that lists no one and sits at its original time
 * would otherwise be what a later return is compared with, and the change log would report a
 * move nobody saw and miss the people and place that really changed. Its content hash and raw
 * payload stay the copy's own, so that the same copy synced again is unchanged, and its status
 * is the copy's, so conflicts and detection see it cancelled.
 */
import { cancelledCopyOver } from '../domain/changes/cancelled-copy.js';
import type { CalendarEvent } from '../domain/event.js';
import { attendeesJson, type EventContent } from './event-content.js';
import { newEventRowId, toEventRow, type EventRowContext, type StoredEvent } from './event-rows.js';
import type { CalendarEventRow } from './schema.js';

/** Rows a page writes, beside the events they were made from (same index). */
export interface PageWrites {
  rows: CalendarEventRow[];
  events: CalendarEvent[];
}

/** The rows for `updated`, each over its stored version in `stored` (by provider event id). */
export function updateWrites(
  ctx: EventRowContext,
  updated: ReadonlyArray<{ event: CalendarEvent; content: EventContent }>,
  stored: ReadonlyMap<string, StoredEvent>,
): PageWrites {
  const writes: PageWrites = { rows: [], events: [] };
  for (const { event, content } of updated) {
    const previous = stored.get(event.providerEventId)?.event;
    const kept = previous ? cancelledCopyOver(previous, event) : event;
    const row =
      kept === event
        ? toEventRow(ctx, event, content, newEventRowId())
        : toEventRow(
            ctx,
            kept,
            { ...content, attendees: attendeesJson(kept.attendees) },
            newEventRowId(),
          );
    writes.rows.push(row);
    writes.events.push(kept);
  }
  return writes;
}
