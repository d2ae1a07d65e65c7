/**
 * The timing of one VEVENT: where DTSTART is on the wall clock, which clock reads it, and how
 * long each instance lasts (RFC 5545 §3.8.5.3 and §3.6.1):
 * - DTEND gives an exact duration (the same absolute length for every instance);
 * - DURATION gives a nominal one (days on the wall clock, then exact hours/minutes/seconds);
 * - neither: an all-day event lasts one day, a timed one zero.
 * An all-day event keeps whole days even when DTEND or DURATION carries a time (rounded up,
 * at least the start day), because DTSTART's VALUE=DATE decides what the event is.
 */
import type ICAL from 'ical.js';
import { parseDuration, readDateProperty, type IcsDateValue } from '../ical/ics-values.js';
import { firstProperty } from '../ical/jcal.js';
import { resolveTzid, type ZoneRef } from '../ical/time-zones.js';
import { aboutValue, type ValueMessage } from '../ical/written-value.js';
import { dayNumber, localSeconds, SECONDS_PER_DAY } from './civil.js';
import { clockFor, type ZoneClock } from './zone-clock.js';
import { seriesMessage, type SeriesMessage } from './types.js';

export type InstanceLength =
  | { kind: 'days'; days: number }
  | { kind: 'exact'; ms: number }
  | { kind: 'nominal'; days: number; seconds: number };

export interface EventTiming {
  component: ICAL.Component;
  isDate: boolean;
  /** DTSTART's zone; floating for dates. */
  zone: ZoneRef;
  clock: ZoneClock;
  /** DTSTART in local seconds (midnight for dates). */
  startLocal: number;
  length: InstanceLength;
  /** Set when DTEND is before DTSTART: the times were swapped and are read the other way round. */
  swapped: boolean;
}

export interface TimingContext {
  floatingZone: string;
}

/** The zone that reads a value: its own TZID, UTC for `Z`, else the event's clock (floating). */
export function zoneOfValue(value: IcsDateValue, component: ICAL.Component): ZoneRef | null {
  if (value.isUtc) return { kind: 'utc' };
  if (value.tzid) return resolveTzid(value.tzid, component);
  return null;
}

/** Local seconds of a value's wall-clock fields. */
export function valueLocal(value: IcsDateValue): number {
  return localSeconds(value);
}

/** A value as a UTC instant; floating values are read on `eventClock`. */
export function valueToUtc(
  value: IcsDateValue,
  component: ICAL.Component,
  eventClock: ZoneClock,
  ctx: TimingContext,
): number {
  const zone = zoneOfValue(value, component);
  const clock = zone ? clockFor(zone, ctx.floatingZone) : eventClock;
  return clock.toUtc(valueLocal(value));
}

/** A value on the event's wall clock (a UTC or other-zone value is converted to it). */
export function valueToEventLocal(
  value: IcsDateValue,
  component: ICAL.Component,
  eventClock: ZoneClock,
  ctx: TimingContext,
): number {
  if (!value.isUtc && !value.tzid) return valueLocal(value);
  return eventClock.toLocal(valueToUtc(value, component, eventClock, ctx));
}

function lengthFromEnd(
  start: IcsDateValue,
  end: IcsDateValue,
  timing: Omit<EventTiming, 'length' | 'swapped'>,
  ctx: TimingContext,
): number {
  if (start.isDate) {
    const endDay = end.isDate
      ? dayNumber(end.year, end.month, end.day)
      : Math.ceil(valueToEventLocal(end, timing.component, timing.clock, ctx) / SECONDS_PER_DAY);
    return endDay - dayNumber(start.year, start.month, start.day);
  }
  const startUtc = timing.clock.toUtc(timing.startLocal);
  return valueToUtc(end, timing.component, timing.clock, ctx) - startUtc;
}

/** Why a VEVENT's timing cannot be read: the property at fault ('BEGIN' when DTSTART is missing). */
export interface TimingError {
  ok: false;
  property: 'BEGIN' | 'DTSTART' | 'DTEND' | 'DURATION';
  error: string;
}

/** `<whole> ignored: ...`, quoting the value at fault as the file wrote it. */
export function timingMessage(whole: string, e: TimingError): string | ValueMessage {
  const prefix = `${whole} ignored: `;
  return e.property === 'BEGIN' ? `${prefix}${e.error}` : aboutValue(e.property, e.error, prefix);
}

/**
 * What the reader says of a VEVENT whose end comes before its start (see `swapped`): the event
 * is still kept, read the other way round, but the file is wrong and the user should know.
 */
export function swappedTimingMessage(timing: EventTiming): SeriesMessage {
  if (firstProperty(timing.component, 'dtend')) {
    // What was done after '; ', as every issue says it (the dashboard splits there).
    const rest = 'is before DTSTART; the event is read as running from DTEND to DTSTART';
    return seriesMessage(timing.component, 'DTEND', aboutValue('DTEND', rest));
  }
  const rest = 'is negative; the event is read as ending at DTSTART';
  return seriesMessage(timing.component, 'DURATION', aboutValue('DURATION', rest));
}

/** Reads DTSTART, DTEND/DURATION of a VEVENT; an error when DTSTART is missing or unreadable. */
export function readTiming(
  component: ICAL.Component,
  ctx: TimingContext,
): { ok: true; timing: EventTiming } | TimingError {
  const dtstartProp = firstProperty(component, 'dtstart');
  if (!dtstartProp) return { ok: false, property: 'BEGIN', error: 'VEVENT has no DTSTART' };
  const start = readDateProperty(dtstartProp);
  if (!start.ok) return { ok: false, property: 'DTSTART', error: start.error };
  const zone = zoneOfValue(start.value, component) ?? { kind: 'floating', unknownTzid: null };
  const base = {
    component,
    isDate: start.value.isDate,
    zone,
    clock: clockFor(zone, ctx.floatingZone),
    startLocal: valueLocal(start.value),
  };
  const dtend = firstProperty(component, 'dtend');
  const durationProp = firstProperty(component, 'duration');
  let length: InstanceLength = start.value.isDate
    ? { kind: 'days', days: 1 }
    : { kind: 'exact', ms: 0 };
  let swapped = false;
  if (dtend) {
    const end = readDateProperty(dtend);
    if (!end.ok) return { ok: false, property: 'DTEND', error: end.error };
    const diff = lengthFromEnd(start.value, end.value, base, ctx);
    swapped = diff < 0;
    // An all-day DTEND on DTSTART's own day is that day, as without DTEND (RFC 5545 wants it
    // later; a length of 0 days would drop the event from a range covering exactly its day).
    length = start.value.isDate
      ? { kind: 'days', days: Math.max(1, Math.abs(diff)) }
      : { kind: 'exact', ms: Math.abs(diff) };
  } else if (durationProp) {
    const duration = parseDuration(String(durationProp[3] ?? ''));
    if (!duration.ok) return { ok: false, property: 'DURATION', error: duration.error };
    const { days, seconds, negative } = duration.value;
    // A negative DURATION points back from DTSTART: read like a DTEND before DTSTART (swapped).
    swapped = negative;
    length = start.value.isDate
      ? { kind: 'days', days: Math.max(1, days + Math.ceil(seconds / SECONDS_PER_DAY)) }
      : { kind: 'nominal', days, seconds };
  }
  const { isDate, clock, startLocal } = base;
  return { ok: true, timing: { component, isDate, zone, clock, startLocal, length, swapped } };
}

/** End (UTC ms) of an instance starting at `local` (wall clock) = `startMs` (UTC), before a swap. */
export function instanceEnd(
  timing: EventTiming,
  local: number,
  startMs: number,
  length: InstanceLength,
): number {
  if (length.kind === 'exact') return startMs + length.ms;
  const end = timing.clock.toUtc(local + length.days * SECONDS_PER_DAY);
  return length.kind === 'days' ? end : end + length.seconds * 1000;
}
