/**
 * Converts wall-clock "local seconds" (see civil.ts) to UTC instants and back, per zone.
 *
 * RFC 5545 §3.3.5: a local time that falls in a DST gap is read with the offset before the gap
 * (02:30 on a spring-forward night becomes 03:30), and one that occurs twice is the first
 * occurrence. IANA offsets come from luxon (Intl), cached per UTC day (per hour on transition
 * days), because a calendar asks for the same few days again and again. VTIMEZONE offsets come
 * from the zone's own table of transitions in UTC (vtimezone-offsets.ts), not from ical.js, whose
 * UTC-to-zone conversion applied a change up to a few hours early or late.
 */
import { IANAZone } from 'luxon';
import type { ZoneRef } from '../ical/time-zones.js';
import { vtimezoneOffsets } from './vtimezone-offsets.js';

/** Offset (minutes east of UTC) of a zone at a UTC instant. */
type OffsetFn = (utcMs: number) => number;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Caches an offset function: a UTC day whose two ends have the same offset is one entry; a day
 * with a transition is cached per hour, and an hour with the transition inside it (St John's and
 * Lord Howe change on the half hour, old local mean times at odd minutes) asks every time.
 */
function cached(raw: OffsetFn): OffsetFn {
  const days = new Map<number, number>();
  const hours = new Map<number, number>();
  return (utcMs) => {
    const day = Math.floor(utcMs / DAY_MS);
    let offset = days.get(day);
    if (offset === undefined) {
      offset = sameAtBothEnds(raw, day * DAY_MS, DAY_MS);
      if (days.size > 100_000) days.clear();
      days.set(day, offset);
    }
    if (!Number.isNaN(offset)) return offset;
    const hour = Math.floor(utcMs / HOUR_MS);
    let hourly = hours.get(hour);
    if (hourly === undefined)
      hours.set(hour, (hourly = sameAtBothEnds(raw, hour * HOUR_MS, HOUR_MS)));
    return Number.isNaN(hourly) ? raw(utcMs) : hourly;
  };
}

/** The offset through [start, start + length), or NaN when it differs at the two ends. */
function sameAtBothEnds(raw: OffsetFn, start: number, length: number): number {
  const first = raw(start);
  return first === raw(start + length - 1) ? first : NaN;
}

/** IANA offsets through luxon (Intl). */
function ianaOffset(name: string): OffsetFn {
  const zone = IANAZone.create(name);
  return cached((utcMs) => zone.offset(utcMs));
}

/** Local seconds -> UTC ms using an offset function, with RFC 5545's gap and overlap rules. */
function localToUtc(local: number, offsetAt: OffsetFn): number {
  const localMs = local * 1000;
  const before = offsetAt(localMs - DAY_MS);
  const after = offsetAt(localMs + DAY_MS);
  if (before === after) return localMs - before * 60_000; // no transition within a day either side
  let best: number | null = null;
  for (const offset of [before, after]) {
    const utc = localMs - offset * 60_000;
    if (offsetAt(utc) === offset && (best === null || utc < best)) best = utc;
  }
  // In a gap no offset fits: read the time with the offset in force before the gap.
  return best ?? localMs - before * 60_000;
}

export interface ZoneClock {
  /** Local seconds -> UTC ms. */
  toUtc(local: number): number;
  /** UTC ms -> local seconds. */
  toLocal(utcMs: number): number;
}

const UTC_CLOCK: ZoneClock = {
  toUtc: (local) => local * 1000,
  toLocal: (utcMs) => Math.floor(utcMs / 1000),
};

function clockFromOffsets(offsetAt: OffsetFn): ZoneClock {
  return {
    toUtc: (local) => localToUtc(local, offsetAt),
    toLocal: (utcMs) => Math.floor(utcMs / 1000) + offsetAt(utcMs) * 60,
  };
}

/** An IANA zone's clock; 'UTC' and its aliases take the fast path. */
const ianaClocks = new Map<string, ZoneClock>();
const customClocks = new WeakMap<object, ZoneClock>();

export function ianaClock(name: string): ZoneClock {
  if (name === 'UTC' || name === 'Etc/UTC' || name === 'GMT') return UTC_CLOCK;
  let clock = ianaClocks.get(name);
  if (!clock) ianaClocks.set(name, (clock = clockFromOffsets(ianaOffset(name))));
  return clock;
}

/** The clock that reads times written in `zone`; floating times use `floatingZone` (IANA). */
export function clockFor(zone: ZoneRef, floatingZone: string): ZoneClock {
  switch (zone.kind) {
    case 'utc':
      return UTC_CLOCK;
    case 'floating':
      return ianaClock(floatingZone);
    case 'iana':
      return ianaClock(zone.name);
    case 'fixed':
    case 'vtimezone': {
      // Clocks are kept per zone object (zones are cached per calendar in time-zones.ts).
      let clock = customClocks.get(zone);
      if (!clock) {
        const offsets =
          zone.kind === 'fixed' ? () => zone.offsetMinutes : vtimezoneOffsets(zone.zone.component);
        customClocks.set(zone, (clock = clockFromOffsets(offsets)));
      }
      return clock;
    }
  }
}
