/**
 * EWS calendar items (exchange-wire.ts) as the project's CalendarEvents. A Single item is one
 * event under its own ItemId. A RecurringMaster becomes its instances in the window: the
 * pattern's slots (exchange-recurrence.ts) less the deleted and modified occurrences, plus each
 * modified occurrence at the times EWS gives it. An instance is known by its master's ItemId and
 * its original start, which stay the same across edits of the series. Who an item names (people,
 * rooms, the owner's answer) is read by exchange-people.ts.
 */
import { DateTime } from 'luxon';
import { findConferenceUrl } from '../../domain/conferencing.js';
import type { CalendarEvent } from '../../domain/event.js';
import { ianaNameOf, resolveTzid } from '../../domain/ical/time-zones.js';
import { isoSecond } from '../../domain/recurrence/civil.js';
import type { ProviderEvent, SyncIssue, SyncWindow } from '../provider.js';
import { zoneOfDefinition, type SeriesZone } from './exchange-defined-zone.js';
import { attendeesOf, personOf, withOwnAnswer } from './exchange-people.js';
import { patternSlots, type PatternSlot } from './exchange-recurrence.js';
import type { EwsCalendarItem, EwsExceptionFields, EwsOccurrenceInfo } from './exchange-wire.js';

export interface MappedItem {
  events: ProviderEvent[];
  /** The provider event ids the item produced in the window, kept in the cursor. */
  ids: string[];
  issues: SyncIssue[];
  /**
   * The item could not be read whole (a series whose pattern cannot be read or expanded): it
   * yields no events, its issues keep whatever it produced before, and nothing it produced
   * before may be taken as gone.
   */
  unreadable: boolean;
}

/** Fields of exceptions, by the exception's ItemId (from GetItem on ModifiedOccurrences). */
export type ExceptionFields = ReadonlyMap<string, EwsExceptionFields>;

/** The raw payload of an instance that is not the first of its series: its identity only. */
export interface EwsInstanceRaw {
  seriesId: string;
  originalStart: string;
  exception?: EwsOccurrenceInfo & Partial<EwsExceptionFields>;
}

const SEPARATOR = '::';

/** The provider event id of a series instance: master id and original start. */
export function instanceIdOf(masterId: string, recurrenceId: string): string {
  return `${masterId}${SEPARATOR}${recurrenceId}`;
}

/**
 * Maps one item over the window; what cannot be read becomes issues, never an exception. `owner`
 * is the mailbox's address: its attendee entry takes the owner's own answer (MyResponseType).
 */
export function mapItem(
  item: EwsCalendarItem,
  window: SyncWindow,
  exceptions: ExceptionFields = new Map(),
  fallbackZone = 'UTC',
  owner: string | null = null,
): MappedItem {
  const zone: Zone = {
    ...zoneOf(item, window, fallbackZone),
    owner: owner?.trim().toLowerCase() || null,
  };
  const issues: SyncIssue[] = zone.issue ? [issueFor(item, zone.issue)] : [];
  if (item.type === 'RecurringMaster') {
    // Read as one event, a series would lose every instance stored before.
    if (!item.recurrence)
      return unreadableItem(item, 'a recurring series whose pattern Exchange did not give whole');
    return withIssues(mapSeries(item, window, zone, exceptions), issues);
  }
  if (!overlaps(item.start, item.end, window))
    return { events: [], ids: [], issues, unreadable: false };
  const event = toEvent(item, zone, times(item, zone), {
    providerEventId: item.id,
    seriesId: null,
    originalStart: null,
  });
  return { events: [{ event, raw: item }], ids: [item.id], issues, unreadable: false };
}

/**
 * An item that cannot be read whole: no events, and an issue that keeps every event stored
 * under its id (`id`, and `id::...` for a series' instances).
 */
export function unreadableItem(item: Pick<EwsCalendarItem, 'id'>, why: string): MappedItem {
  return { events: [], ids: [], issues: [unreadableIssue(item.id, why)], unreadable: true };
}

/** The issue of an item that could not be read: it keeps every event stored under its id. */
export function unreadableIssue(itemId: string, why: string): SyncIssue {
  return {
    message: `${itemId}: ${why}; its stored events are kept, and it is read again on the next sync`,
    line: null,
    providerEventId: itemId,
    keepsSeries: true,
  };
}

interface Zone {
  /** The zone the item's times are read and its series repeats in: IANA, or EWS-defined. */
  name: SeriesZone;
  /** The IANA name to report, null when the item named none we know. */
  known: string | null;
  issue: string | null;
  /** The mailbox owner's address (lower case), when known: see exchange-people.ts. */
  owner?: string | null;
}

/**
 * The item's zone: by its id when a table knows it; else the zone its TimeZoneDefinition defines
 * (`Customized Time Zone`, see exchange-defined-zone.ts), not reported as an IANA name even when
 * one agrees with it; only without either the fallback, said.
 */
function zoneOf(item: EwsCalendarItem, window: SyncWindow, fallback: string): Zone {
  if (!item.startTimeZone) return { name: fallback, known: null, issue: null };
  const iana = ianaNameOf(resolveTzid(item.startTimeZone, null));
  if (iana) return { name: iana, known: iana, issue: null };
  if (item.startTimeZoneDefinition) {
    // The years its times are read in: the master's start and the window's.
    const years = new Set([new Date(item.start).getUTCFullYear()]);
    for (let y = window.from.getUTCFullYear(); y <= window.to.getUTCFullYear(); y++) years.add(y);
    const name = zoneOfDefinition(item.startTimeZone, item.startTimeZoneDefinition, [...years]);
    return { name, known: null, issue: null };
  }
  const definition = item.startTimeZoneProblem
    ? `no usable definition (${item.startTimeZoneProblem})`
    : 'no definition';
  return {
    name: fallback,
    known: null,
    issue: `unknown time zone "${item.startTimeZone}" with ${definition}; read in ${fallback}`,
  };
}

function mapSeries(
  master: EwsCalendarItem,
  window: SyncWindow,
  zone: Zone,
  exceptions: ExceptionFields,
): MappedItem {
  const { slots, problems, truncated } = patternSlots(
    {
      start: master.start,
      end: master.end,
      isAllDay: master.isAllDay,
      zone: zone.name,
      recurrence: master.recurrence!,
    },
    window,
  );
  // A pattern that cannot be read or expanded gives slots that may lack instances it still has.
  if (problems.length)
    return unreadableItem(master, `its recurrence cannot be expanded (${problems.join('; ')})`);
  const out: MappedItem = {
    events: [],
    ids: [],
    issues: truncated.map((reason) => issueFor(master, reason)),
    unreadable: false,
  };
  const taken = takenSlots(slots, [
    ...master.deletedOccurrences,
    ...master.modifiedOccurrences.map((o) => o.originalStart),
  ]);
  const instances: ProviderEvent[] = slots
    .filter((_, index) => !taken.has(index))
    .map((slot) => slotEvent(master, zone, slot));
  for (const occurrence of master.modifiedOccurrences) {
    if (!overlaps(occurrence.start, occurrence.end, window)) continue;
    instances.push(exceptionEvent(master, zone, occurrence, exceptions.get(occurrence.id)));
  }
  instances.sort((a, b) =>
    a.event.start < b.event.start ? -1 : a.event.start > b.event.start ? 1 : 0,
  );
  // The master is carried once, by the first instance (as ICS series are, see ics-mapper.ts).
  instances.forEach((instance, index) => {
    if (index === 0) instance.raw = master;
    out.events.push(instance);
    out.ids.push(instance.event.providerEventId);
  });
  return out;
}

/**
 * How far a deleted or modified occurrence's original start may be from the slot it removes.
 * EWS patterns repeat at most daily, so slots are 23 hours apart or more and the nearest slot
 * within half a day is the one: a zone read wrong by up to that much (an unknown zone read in
 * UTC, a DST rule off by an hour) still removes the right slot, where matching the exact instant
 * kept the slot beside the exception (shown twice) or the deleted occurrence (shown again).
 */
const MATCH_TOLERANCE_MS = 12 * 3_600_000;

/** Indexes of the slots that deleted and modified occurrences remove: each one's nearest slot. */
function takenSlots(slots: PatternSlot[], originalStarts: string[]): Set<number> {
  const starts = slots.map((slot) => Date.parse(slot.start));
  const taken = new Set<number>();
  for (const original of originalStarts) {
    const at = Date.parse(original);
    if (Number.isNaN(at)) continue;
    let nearest = -1;
    for (let i = 0; i < starts.length; i++) {
      const distance = Math.abs(starts[i]! - at);
      if (
        distance <= MATCH_TOLERANCE_MS &&
        (nearest < 0 || distance < Math.abs(starts[nearest]! - at))
      )
        nearest = i;
    }
    if (nearest >= 0) taken.add(nearest);
  }
  return taken;
}

function slotEvent(master: EwsCalendarItem, zone: Zone, slot: PatternSlot): ProviderEvent {
  const id = instanceIdOf(master.id, slot.recurrenceId);
  const event = toEvent(
    master,
    zone,
    {
      allDay: master.isAllDay,
      start: slot.start,
      end: slot.end,
      startDate: slot.startDate,
      endDate: slot.endDate,
    },
    { providerEventId: id, seriesId: master.id, originalStart: slot.recurrenceId },
  );
  const raw: EwsInstanceRaw = { seriesId: master.id, originalStart: slot.recurrenceId };
  return { event, raw };
}

function exceptionEvent(
  master: EwsCalendarItem,
  zone: Zone,
  occurrence: EwsOccurrenceInfo,
  fields: EwsExceptionFields | undefined,
): ProviderEvent {
  const recurrenceId = recurrenceIdOf(occurrence.originalStart, master.isAllDay, zone.name);
  const item: EwsCalendarItem = {
    ...master,
    ...(fields ?? {}),
    // An exception that did not say the owner's answer has the series' answer.
    myResponse: fields?.myResponse ?? master.myResponse ?? null,
    start: occurrence.start,
    end: occurrence.end,
  };
  const event = toEvent(item, zone, times(item, zone), {
    providerEventId: instanceIdOf(master.id, recurrenceId),
    seriesId: master.id,
    originalStart: recurrenceId,
  });
  const raw: EwsInstanceRaw = {
    seriesId: master.id,
    originalStart: recurrenceId,
    exception: { ...occurrence, ...(fields ?? {}) },
  };
  return { event, raw };
}

type Times = Pick<CalendarEvent, 'allDay' | 'start' | 'end' | 'startDate' | 'endDate'>;

/** An item's own times; all-day items start and end at midnight in their zone. */
function times(item: EwsCalendarItem, zone: Zone): Times {
  const start = new Date(item.start).toISOString();
  const end = item.end < item.start ? start : new Date(item.end).toISOString();
  if (!item.isAllDay) return { allDay: false, start, end, startDate: null, endDate: null };
  const startDate = localDate(start, zone.name);
  const lastDate = localDate(end, zone.name);
  const endDate = lastDate > startDate ? lastDate : nextDay(startDate);
  return {
    allDay: true,
    start: midnight(startDate, zone.name),
    end: midnight(endDate, zone.name),
    startDate,
    endDate,
  };
}

function toEvent(
  item: EwsCalendarItem,
  zone: Zone,
  when: Times,
  identity: Pick<CalendarEvent, 'providerEventId' | 'seriesId' | 'originalStart'>,
): CalendarEvent {
  return {
    ...identity,
    iCalUid: item.uid,
    title: item.subject?.trim() || '(no title)',
    description: item.body?.trim() || null,
    location: item.location?.trim() || null,
    conferenceUrl: findConferenceUrl(item.location, item.body),
    ...when,
    timeZone: zone.known,
    status: item.isCancelled ? 'cancelled' : 'confirmed',
    transparency: item.freeBusy === 'Free' ? 'transparent' : 'opaque',
    organizer: personOf(item.organizer),
    attendees: withOwnAnswer(attendeesOf(item), zone.owner ?? null, item.myResponse ?? null),
    sequence: item.sequence,
    etag: item.changeKey,
    updatedAt: item.lastModified,
  };
}

/** An original start as instance ids write it: UTC seconds, or the day for all-day series. */
export function recurrenceIdOf(instant: string, allDay: boolean, zone: SeriesZone): string {
  const ms = Date.parse(instant);
  return allDay ? localDate(new Date(ms).toISOString(), zone) : isoSecond(ms);
}

/** The window rule of expand-series.ts: starts in it, or is still running at its start. */
export function overlaps(start: string, end: string, window: SyncWindow): boolean {
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (s >= window.to.getTime()) return false;
  return s >= window.from.getTime() || e > window.from.getTime();
}

function localDate(instant: string, zone: SeriesZone): string {
  return DateTime.fromISO(instant, { zone }).toISODate() ?? instant.slice(0, 10);
}

function nextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

function midnight(date: string, zone: SeriesZone): string {
  return DateTime.fromISO(date, { zone }).toUTC().toJSDate().toISOString();
}

function issueFor(item: EwsCalendarItem, message: string): SyncIssue {
  return { message: `${item.id}: ${message}`, line: null, providerEventId: item.id };
}

function withIssues(mapped: MappedItem, issues: SyncIssue[]): MappedItem {
  return { ...mapped, issues: [...issues, ...mapped.issues] };
}
