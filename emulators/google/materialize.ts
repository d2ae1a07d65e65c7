/**
 * Keeps a calendar's expanded view (singleEvents=true) in step with its records. A group (one
 * series, or one single event) is re-expanded after each change and compared with what was
 * listed before: new or different instances get the change's sequence number, and instances that
 * no longer exist become cancelled entries with that number. A sync token then returns exactly
 * what changed, computed once at mutation time rather than guessed at listing time.
 */
import type { CalendarStore, InstanceEntry } from './calendar-store.js';
import { cancelledInstance, instanceOf, tombstone } from './event-fields.js';
import { expandMaster, seriesZone, type Occurrence } from './expand.js';
import { instantOf, originalKey } from './times.js';
import type { GoogleEvent } from './types.js';

export interface MaterializeContext {
  seq: number;
  nowMs: number;
  horizonMs: number;
  maxInstances: number;
  /** How far past now a deleted series' instances are reported cancelled (see settings.ts). */
  deletedSeriesReportMs: number;
}

type Draft = Omit<InstanceEntry, 'seq' | 'groupId' | 'updatedMs'>;

/** Re-expands one group and records what changed; returns how many entries changed. */
export function materializeGroup(
  cal: CalendarStore,
  groupId: string,
  ctx: MaterializeContext,
): number {
  const drafts = groupDrafts(cal, groupId, ctx);
  const before = cal.groups.get(groupId) ?? new Set<string>();
  const after = new Set<string>();
  let changed = 0;
  for (const draft of drafts) {
    after.add(draft.id);
    const old = cal.instances.get(draft.id);
    if (old && old.item.etag === draft.item.etag && old.live === draft.live) continue;
    const updatedMs = draft.item.updated ? Date.parse(draft.item.updated) : ctx.nowMs;
    cal.instances.set(draft.id, { ...draft, groupId, updatedMs, seq: ctx.seq });
    changed++;
  }
  const seriesDeleted = isDeletedSeries(cal, groupId);
  for (const id of before) {
    if (after.has(id)) continue;
    const old = cal.instances.get(id);
    if (seriesDeleted && old && old.startMs > ctx.nowMs + ctx.deletedSeriesReportMs) {
      // Google stops reporting a deleted series' instances some months ahead: these go unlisted.
      cal.instances.delete(id);
      continue;
    }
    after.add(id);
    if (!old || !old.live) continue;
    cal.instances.set(id, vanished(old, ctx));
    changed++;
  }
  cal.groups.set(groupId, after);
  return changed;
}

function isDeletedSeries(cal: CalendarStore, groupId: string): boolean {
  const record = cal.records.get(groupId)?.event;
  return record?.status === 'cancelled' && Boolean(record.recurrence?.length);
}

/** An instance that no longer exists, as sync lists it. */
function vanished(old: InstanceEntry, ctx: MaterializeContext): InstanceEntry {
  const item = old.item.recurringEventId ? cancelledInstance(old.item) : tombstone(old.item);
  return { ...old, item, live: false, updatedMs: ctx.nowMs, seq: ctx.seq };
}

function groupDrafts(cal: CalendarStore, groupId: string, ctx: MaterializeContext): Draft[] {
  const record = cal.records.get(groupId)?.event;
  const zone = cal.info.timeZone;
  if (record && !record.recurringEventId && !record.recurrence?.length) {
    return [singleDraft(record, zone)];
  }
  const exceptions = cal.exceptionsOf(groupId);
  // A deleted series takes every instance with it; the diff turns them into cancelled entries.
  if (record?.status === 'cancelled') {
    cal.spans.delete(groupId);
    return [];
  }
  if (!record) return exceptions.map((e) => exceptionDraft(e, zone));
  return seriesDrafts(cal, record, exceptions, ctx);
}

function singleDraft(event: GoogleEvent, zone: string): Draft {
  const live = event.status !== 'cancelled';
  return {
    id: event.id,
    item: live ? event : tombstone(event),
    live,
    startMs: instantOf(event.start, zone),
    endMs: instantOf(event.end, zone),
  };
}

function exceptionDraft(event: GoogleEvent, zone: string): Draft {
  const live = event.status !== 'cancelled';
  const original = instantOf(event.originalStartTime, zone);
  return {
    id: event.id,
    item: live ? event : cancelledInstance(event),
    live,
    startMs: live ? instantOf(event.start, zone) : original,
    endMs: live ? instantOf(event.end, zone) : original,
  };
}

function seriesDrafts(
  cal: CalendarStore,
  master: GoogleEvent,
  exceptions: GoogleEvent[],
  ctx: MaterializeContext,
): Draft[] {
  const zone = seriesZone(master, cal.info.timeZone);
  const expansion = expandMaster(master, {
    calendarZone: cal.info.timeZone,
    horizonMs: ctx.horizonMs,
    maxInstances: ctx.maxInstances,
  });
  const byKey = new Map(exceptions.map((e) => [originalKey(e.originalStartTime, zone), e]));
  const drafts: Draft[] = [];
  for (const occurrence of expansion.occurrences) {
    const exception = byKey.get(occurrence.key);
    byKey.delete(occurrence.key);
    drafts.push(
      exception
        ? exceptionDraft(exception, cal.info.timeZone)
        : occurrenceDraft(master, occurrence, cal.info.id),
    );
  }
  // Exceptions whose original start the rule no longer produces stay listed, as stored events.
  for (const orphan of byKey.values()) drafts.push(exceptionDraft(orphan, cal.info.timeZone));
  const live = drafts.filter((d) => d.live);
  cal.spans.set(master.id, {
    startMs: Math.min(...live.map((d) => d.startMs)),
    endMs: expansion.bounded ? Math.max(...live.map((d) => d.endMs)) : Infinity,
  });
  return drafts;
}

function occurrenceDraft(master: GoogleEvent, occurrence: Occurrence, calendarId: string): Draft {
  const item = instanceOf(master, occurrence, occurrence.originalStartTime, calendarId);
  if (occurrence.excluded) {
    return {
      id: item.id,
      item: cancelledInstance(item),
      live: false,
      startMs: occurrence.startMs,
      endMs: occurrence.endMs,
    };
  }
  return { id: item.id, item, live: true, startMs: occurrence.startMs, endMs: occurrence.endMs };
}
