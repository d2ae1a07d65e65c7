/**
 * One calendar's data in two views, each item carrying the change sequence number of its last
 * change:
 * - `records`: the stored events (single events, series masters, exceptions);
 * - `view`: what a calendar view lists (single events, occurrences, exceptions; never masters),
 *   materialised when a group (a series or a single event) changes and diffed against what was
 *   there, so that a delta token returns exactly the items that changed, appeared or vanished.
 */
import type { CalendarInfo, GraphEvent } from './types.js';

export interface StoredRecord {
  event: GraphEvent;
  /** Masters only: original starts (UTC ms) of occurrences deleted from the series. */
  deletedOccurrences: Set<number>;
}

export interface ViewItem {
  id: string;
  /** The series master id, or the single event's own id. */
  groupId: string;
  /** As stored, start and end in the event's own zone; sent through present(). */
  event: GraphEvent;
  startMs: number;
  endMs: number;
  live: boolean;
  seq: number;
  fingerprint: string;
}

export class CalendarData {
  readonly records = new Map<string, StoredRecord>();
  readonly view = new Map<string, ViewItem>();
  /** View item ids by group, for the diff. */
  readonly groups = new Map<string, Set<string>>();
  /** Exception record ids by master id. */
  readonly exceptions = new Map<string, Set<string>>();
  /** Groups whose series has no end, re-expanded when the horizon moves. */
  readonly unbounded = new Set<string>();
  horizonMs = 0;

  constructor(public info: CalendarInfo) {}

  putRecord(event: GraphEvent): StoredRecord {
    const previous = this.records.get(event.id);
    const record = { event, deletedOccurrences: previous?.deletedOccurrences ?? new Set<number>() };
    this.records.set(event.id, record);
    if (event.seriesMasterId) {
      const set = this.exceptions.get(event.seriesMasterId) ?? new Set<string>();
      set.add(event.id);
      this.exceptions.set(event.seriesMasterId, set);
    }
    return record;
  }

  dropRecord(id: string): void {
    const master = this.records.get(id)?.event.seriesMasterId;
    this.records.delete(id);
    if (master) this.exceptions.get(master)?.delete(id);
  }

  exceptionsOf(masterId: string): GraphEvent[] {
    return [...(this.exceptions.get(masterId) ?? [])].flatMap((id) => {
      const record = this.records.get(id);
      return record ? [record.event] : [];
    });
  }

  groupOf(event: GraphEvent): string {
    return event.seriesMasterId ?? event.id;
  }
}
