/**
 * The UTC offset a VTIMEZONE gives at a UTC instant (RFC 5545 §3.6.5), from a table of its
 * transitions in UTC.
 *
 * Each STANDARD or DAYLIGHT observance begins at its DTSTART and again at each RRULE and RDATE
 * instant. Those are wall-clock times read with the offset in force before them, TZOFFSETFROM (a
 * UTC value, which RFC 5545 does not allow there, is taken as the instant it names). From a
 * transition on, the offset is its TZOFFSETTO until the next one; before the first transition it
 * is the first one's TZOFFSETFROM.
 *
 * ical.js is not asked. Its `Timezone#utcOffset` reads the time it is given as wall-clock time,
 * and `Time#convertToZone` from UTC hands it the UTC fields: in the hours before each change (as
 * many as the offset; 06:00-07:00Z before a US spring-forward at 07:00Z) the new offset came too
 * early west of UTC and too late east of it. Its expansion also drops the DTSTART of an
 * observance that has RDATEs and no RRULE, and all but the first value of an RDATE line. The
 * rules are walked here by our own iterator (rrule-iterator.ts), as an event's are.
 */
import type ICAL from 'ical.js';
import {
  readDateProperty,
  readRdates,
  readRuleText,
  type IcsDateValue,
} from '../ical/ics-values.js';
import { allProperties, firstProperty } from '../ical/jcal.js';
import { civilDate, dayNumber, localSeconds, SECONDS_PER_DAY } from './civil.js';
import { walkRule } from './rrule-iterator.js';
import { parseRecurrenceRule, type RecurrenceRule } from './rrule-parse.js';

/** Offset (minutes east of UTC) at a UTC instant (ms). */
export type OffsetAt = (utcMs: number) => number;

/** Rules are walked this many years past the latest instant asked about, then again if needed. */
const YEARS_AHEAD = 30;
/** Nothing is walked past this year: later instants keep the offset the table ends with. */
const LAST_YEAR = 9999;
/** An observance's rule that gives more onsets than this (an hourly RRULE) is cut there. */
const MAX_ONSETS_PER_RULE = 50_000;

interface Observance {
  /** TZOFFSETFROM and TZOFFSETTO, minutes east of UTC. */
  from: number;
  to: number;
  /** DTSTART in local seconds (RRULE instants are in the same scale). */
  start: number;
  /** Seconds to subtract from DTSTART and RRULE instants for UTC: TZOFFSETFROM (0 if DTSTART is UTC). */
  shift: number;
  rules: RecurrenceRule[];
  /** Onsets that need no walk (RDATEs, and DTSTART when there is no rule), UTC ms. */
  fixed: number[];
}

const OFFSET = /^([+-])(\d{1,2}):?(\d{2})(?::?(\d{2}))?$/;

/** A UTC-OFFSET value (`-05:00`, `+0530`, `+00:53:28`) in seconds, or null. */
function offsetSeconds(component: ICAL.Component, name: string): number | null {
  const value = firstProperty(component, name)?.[3];
  const m = typeof value === 'string' ? OFFSET.exec(value.trim()) : null;
  if (!m) return null;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -seconds : seconds;
}

function observanceOf(component: ICAL.Component): Observance | null {
  const dtstartProp = firstProperty(component, 'dtstart');
  const dtstart = dtstartProp ? readDateProperty(dtstartProp) : null;
  const toSeconds = offsetSeconds(component, 'tzoffsetto');
  if (!dtstart?.ok || toSeconds === null) return null;
  // A missing TZOFFSETFROM (not allowed) is read as no change rather than losing the observance.
  const fromSeconds = offsetSeconds(component, 'tzoffsetfrom') ?? toSeconds;
  const start = localSeconds(dtstart.value);
  const shift = dtstart.value.isUtc ? 0 : fromSeconds;
  const rules: RecurrenceRule[] = [];
  for (const prop of allProperties(component, 'rrule')) {
    const text = readRuleText(prop);
    const parsed = text === null ? null : parseRecurrenceRule(text);
    if (parsed?.ok) rules.push(parsed.rule);
  }
  // DTSTART is the first onset (RFC 5545 §3.8.2.4); with a rule, the rule's walk yields it.
  const fixed = rules.length ? [] : [(start - shift) * 1000];
  const onsetUtc = (value: IcsDateValue): number => {
    if (value.isUtc) return localSeconds(value) * 1000;
    // A DATE names the day; the time of day is DTSTART's.
    const local = value.isDate
      ? localSeconds(value) + (start - Math.floor(start / SECONDS_PER_DAY) * SECONDS_PER_DAY)
      : localSeconds(value);
    return (local - fromSeconds) * 1000;
  };
  for (const prop of allProperties(component, 'rdate')) {
    const read = readRdates(prop);
    if (read.ok) for (const r of read.value) fixed.push(onsetUtc(r.start));
  }
  return { from: fromSeconds / 60, to: toSeconds / 60, start, shift, rules, fixed };
}

/** UNTIL on the observance's wall clock: a date lasts its whole day, a UTC time is converted. */
function untilLocal(rule: RecurrenceRule, o: Observance): number | null {
  const until = rule.until;
  if (!until) return null;
  const day = dayNumber(until.year, until.month, until.day) * SECONDS_PER_DAY;
  if (until.isDate) return day + SECONDS_PER_DAY - 1;
  const local = day + until.hour * 3600 + until.minute * 60 + until.second;
  return until.isUtc ? local + o.shift : local;
}

interface Transition {
  /** UTC ms. */
  at: number;
  /** TZOFFSETFROM and TZOFFSETTO of its observance. */
  from: number;
  to: number;
}

/** Every onset of the observances up to `stopLocal` (exclusive, local seconds), sorted. */
function transitionsUntil(observances: Observance[], stopLocal: number): Transition[] {
  const list: Transition[] = [];
  for (const o of observances) {
    for (const at of o.fixed) list.push({ at, from: o.from, to: o.to });
    o.rules.forEach((rule, i) => {
      const walk = walkRule(rule, {
        start: o.start,
        isDate: false,
        untilLocal: untilLocal(rule, o),
        includeDtstart: i === 0,
        skipBefore: o.start,
        stopAt: stopLocal,
        maxPeriods: MAX_ONSETS_PER_RULE,
        maxSteps: MAX_ONSETS_PER_RULE,
      });
      let count = 0;
      for (const local of walk) {
        list.push({ at: (local - o.shift) * 1000, from: o.from, to: o.to });
        if (++count >= MAX_ONSETS_PER_RULE) break;
      }
    });
  }
  return list.sort((a, b) => a.at - b.at);
}

/**
 * The offset function of a VTIMEZONE component. A lookup remembers the span between the two
 * transitions around its answer (expansion asks about nearby instants in turn); others search the
 * sorted table.
 */
export function vtimezoneOffsets(component: ICAL.Component): OffsetAt {
  const observances = component
    .getAllSubcomponents()
    .filter((c) => c.name === 'standard' || c.name === 'daylight')
    .map(observanceOf)
    .filter((o): o is Observance => o !== null);
  // Every observance's first onset is in the table from the start, so the first transition, and
  // the offset before it, never change as the table grows.
  const lastStartYear = Math.max(
    0,
    ...observances.map((o) => civilDate(Math.floor(o.start / SECONDS_PER_DAY)).year),
  );
  let at = new Float64Array(0);
  let to = new Float64Array(0);
  /** The offset before the first transition; UTC when nothing usable is defined, as ical.js did. */
  let before = 0;
  /** The table answers every instant before this (UTC ms). */
  let coveredUntil = -Infinity;
  let spanStart = 0;
  let spanEnd = 0;
  let spanOffset = 0;

  const extend = (utcMs: number): void => {
    const asked = new Date(utcMs).getUTCFullYear();
    const year = Math.min(
      LAST_YEAR,
      Math.max(lastStartYear, Number.isNaN(asked) ? LAST_YEAR : asked) + YEARS_AHEAD,
    );
    const stopLocal = dayNumber(year + 1, 1, 1) * SECONDS_PER_DAY;
    const list = transitionsUntil(observances, stopLocal);
    at = Float64Array.from(list, (t) => t.at);
    to = Float64Array.from(list, (t) => t.to);
    before = list[0]?.from ?? 0;
    // An onset's UTC instant is within a day or so of its wall-clock time. Past the last year
    // walked, the last offset stands.
    coveredUntil = year >= LAST_YEAR ? Infinity : (stopLocal - 2 * SECONDS_PER_DAY) * 1000;
    spanStart = spanEnd = 0;
  };

  return (utcMs) => {
    if (utcMs >= spanStart && utcMs < spanEnd) return spanOffset;
    if (utcMs >= coveredUntil) extend(utcMs);
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! <= utcMs) lo = mid + 1;
      else hi = mid;
    }
    spanStart = lo === 0 ? -Infinity : at[lo - 1]!;
    spanEnd = lo === at.length ? coveredUntil : at[lo]!;
    spanOffset = lo === 0 ? before : to[lo - 1]!;
    return spanOffset;
  };
}
