/** What a calendar view holds in a window, and what changed in it since a sequence number. */
import type { CalendarData, ViewItem } from './calendar-data.js';
import { present, type ResponseZone } from './event-fields.js';
import type { GraphEvent } from './types.js';

export interface Window {
  fromMs: number;
  toMs: number;
}

/** Graph's calendarView rule: an item is in the window when it overlaps it. */
export function overlaps(item: Pick<ViewItem, 'startMs' | 'endMs'>, window: Window): boolean {
  if (item.startMs === item.endMs)
    return item.startMs >= window.fromMs && item.startMs < window.toMs;
  return item.startMs < window.toMs && item.endMs > window.fromMs;
}

/** Live items overlapping the window, by start. */
export function itemsIn(cal: CalendarData, window: Window): ViewItem[] {
  return [...cal.view.values()]
    .filter((item) => item.live && overlaps(item, window))
    .sort((a, b) => a.startMs - b.startMs || compare(a.id, b.id));
}

/** Every item changed after `seq`, in the order of the changes. */
export function changedSince(cal: CalendarData, seq: number): ViewItem[] {
  return [...cal.view.values()]
    .filter((item) => item.seq > seq)
    .sort((a, b) => a.seq - b.seq || compare(a.id, b.id));
}

/**
 * An item as a delta page sends it: the event, or `@removed` when it is gone or outside the
 * window (Graph sends the same entry for an event that moved out of the window).
 */
export function deltaEntry(item: ViewItem, window: Window, zone: ResponseZone): DeltaEntry {
  if (item.live && overlaps(item, window)) return present(item.event, item, zone);
  return {
    '@odata.type': '#microsoft.graph.event',
    id: item.id,
    '@removed': { reason: 'deleted' },
  };
}

export interface RemovedEntry {
  '@odata.type': '#microsoft.graph.event';
  id: string;
  '@removed': { reason: 'deleted' };
}

export type DeltaEntry = GraphEvent | RemovedEntry;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
