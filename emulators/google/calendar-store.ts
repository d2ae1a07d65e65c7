/**
 * One calendar's data, kept in two views that carry a change sequence number per item:
 * - `records`: the stored events (singles, recurring masters, exceptions, tombstones): what
 *   events.list shows with singleEvents=false;
 * - `instances`: the expanded view (singleEvents=true), materialised when a series changes and
 *   diffed against what was there, so that a sync token can return exactly the instances that
 *   changed, appeared or vanished since it was issued.
 */
import type { CalendarInfo, GoogleEvent } from './types.js';

export interface EventRecord {
  event: GoogleEvent;
  /** Change sequence of the last change to this record. */
  seq: number;
}

export interface InstanceEntry {
  id: string;
  /** The series master id, or the single event's own id. */
  groupId: string;
  /** As listed: the full event, or a cancelled instance / tombstone. */
  item: GoogleEvent;
  live: boolean;
  startMs: number;
  endMs: number;
  updatedMs: number;
  seq: number;
}

/** When a series runs: from its first live instance to its last (Infinity when unbounded). */
export interface SeriesSpan {
  startMs: number;
  endMs: number;
}

export class CalendarStore {
  readonly records = new Map<string, EventRecord>();
  readonly instances = new Map<string, InstanceEntry>();
  /** Instance ids by group (series or single event), for the diff. */
  readonly groups = new Map<string, Set<string>>();
  /** Exception ids by master id. */
  readonly exceptions = new Map<string, Set<string>>();
  readonly spans = new Map<string, SeriesSpan>();
  /** The horizon the unbounded series were last expanded to. */
  horizonMs = 0;
  /** Sequence and time of the last change anywhere in this calendar (list etag and `updated`). */
  lastSeq = 0;
  updatedMs = 0;

  constructor(public info: CalendarInfo) {}

  putRecord(event: GoogleEvent, seq: number): void {
    this.records.set(event.id, { event, seq });
    if (event.recurringEventId) {
      const set = this.exceptions.get(event.recurringEventId) ?? new Set<string>();
      set.add(event.id);
      this.exceptions.set(event.recurringEventId, set);
    }
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /** Forgets a record entirely (a purged tombstone). */
  dropRecord(id: string): void {
    const record = this.records.get(id);
    this.records.delete(id);
    const master = record?.event.recurringEventId;
    if (master) this.exceptions.get(master)?.delete(id);
  }

  exceptionsOf(masterId: string): GoogleEvent[] {
    const ids = [...(this.exceptions.get(masterId) ?? [])];
    return ids.flatMap((id) => {
      const record = this.records.get(id);
      return record ? [record.event] : [];
    });
  }

  /** The group an event's instances belong to: its series, or itself. */
  groupOf(event: GoogleEvent): string {
    return event.recurringEventId ?? event.id;
  }

  isLiveMaster(id: string): boolean {
    const master = this.records.get(id)?.event;
    return Boolean(master && master.status !== 'cancelled' && master.recurrence?.length);
  }
}
