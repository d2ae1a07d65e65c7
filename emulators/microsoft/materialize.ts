/**
 * Keeps a calendar's view in step with its records: a group is re-expanded after each change and
 * compared with what was listed before; new or different items get the change's sequence number,
 * and items that no longer exist become tombstones with that number.
 */
import type { CalendarData, ViewItem } from './calendar-data.js';
import { copy } from './event-fields.js';
import { graphLocal, ianaZone, instantOf, originalStartText } from './graph-times.js';
import { occurrenceICalUId, occurrenceId } from './ids.js';
import { expandRecurrence, type Occurrence } from './recurrence.js';
import type { GraphEvent } from './types.js';

export interface MaterializeContext {
  seq: number;
  horizonMs: number;
  maxInstances: number;
}

type Draft = Pick<ViewItem, 'id' | 'event' | 'startMs' | 'endMs'>;

/** Re-expands one group and records what changed; returns the ids of the items that changed. */
export function materializeGroup(
  cal: CalendarData,
  groupId: string,
  ctx: MaterializeContext,
): string[] {
  const drafts = groupDrafts(cal, groupId, ctx);
  const before = cal.groups.get(groupId) ?? new Set<string>();
  const after = new Set<string>();
  const changed: string[] = [];
  for (const draft of drafts) {
    after.add(draft.id);
    const fingerprint = JSON.stringify([draft.event, draft.startMs, draft.endMs]);
    const old = cal.view.get(draft.id);
    if (old?.live && old.fingerprint === fingerprint) continue;
    cal.view.set(draft.id, { ...draft, groupId, live: true, seq: ctx.seq, fingerprint });
    changed.push(draft.id);
  }
  for (const id of before) {
    if (after.has(id)) continue;
    const old = cal.view.get(id);
    after.add(id);
    if (!old?.live) continue;
    cal.view.set(id, { ...old, live: false, seq: ctx.seq });
    changed.push(id);
  }
  cal.groups.set(groupId, after);
  return changed;
}

/** The zone a series repeats in: the range's, else its start's; UTC when neither resolves. */
export function seriesZone(master: GraphEvent): string {
  return (
    ianaZone(master.recurrence?.range.recurrenceTimeZone) ??
    ianaZone(master.start.timeZone) ??
    'UTC'
  );
}

/** An event's span; all-day events run from midnight of their dates in their own zone. */
export function spanOf(event: GraphEvent): { startMs: number; endMs: number } {
  return { startMs: instantOf(event.start), endMs: instantOf(event.end) };
}

function groupDrafts(cal: CalendarData, groupId: string, ctx: MaterializeContext): Draft[] {
  const record = cal.records.get(groupId);
  if (!record) return [];
  const event = record.event;
  if (event.type !== 'seriesMaster' || !event.recurrence) {
    cal.unbounded.delete(groupId);
    return [{ id: event.id, event, ...spanOf(event) }];
  }
  const zone = seriesZone(event);
  const span = spanOf(event);
  const expansion = expandRecurrence(
    { ...span, zone, allDay: Boolean(event.isAllDay), recurrence: event.recurrence },
    ctx.horizonMs,
    ctx.maxInstances,
  );
  if (expansion.bounded) cal.unbounded.delete(groupId);
  else cal.unbounded.add(groupId);
  const exceptions = new Map(
    cal.exceptionsOf(groupId).map((e) => [Date.parse(e.originalStart ?? ''), e]),
  );
  const drafts: Draft[] = [];
  for (const occurrence of expansion.occurrences) {
    if (record.deletedOccurrences.has(occurrence.originalStartMs)) continue;
    const exception = exceptions.get(occurrence.originalStartMs);
    drafts.push(
      exception
        ? { id: exception.id, event: exception, ...spanOf(exception) }
        : occurrenceDraft(event, occurrence, zone),
    );
  }
  return drafts;
}

function occurrenceDraft(master: GraphEvent, occurrence: Occurrence, seriesIana: string): Draft {
  // Written in the zone its name says, so that an exception made from it reads back the same.
  const zone = ianaZone(master.start.timeZone) ?? seriesIana;
  const event: GraphEvent = {
    ...copy(master),
    id: occurrenceId(master.id, occurrence.originalStartMs),
    type: 'occurrence',
    seriesMasterId: master.id,
    originalStart: originalStartText(occurrence.originalStartMs),
    iCalUId: occurrenceICalUId(master.iCalUId ?? '', occurrence.originalStartMs),
    start: { dateTime: graphLocal(occurrence.startMs, zone), timeZone: master.start.timeZone },
    end: { dateTime: graphLocal(occurrence.endMs, zone), timeZone: master.end.timeZone },
    recurrence: null,
  };
  return { id: event.id, event, startMs: occurrence.startMs, endMs: occurrence.endMs };
}
