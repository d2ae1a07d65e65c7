/**
 * RECURRENCE-ID overrides of a series (RFC 5545 §3.8.4.4).
 *
 * An override replaces the instance whose original start equals its RECURRENCE-ID. With
 * RANGE=THISANDFUTURE it also applies to every later instance: each moves by the override's
 * wall-clock shift (its DTSTART minus its RECURRENCE-ID) and takes the override's length and
 * properties, until a later override takes over. A cancelled override (STATUS:CANCELLED) stays
 * an instance carrying its component, so the mapper sees the cancellation.
 */
import type ICAL from 'ical.js';
import { readDateProperty, type IcsDateValue } from '../ical/ics-values.js';
import { firstProperty, firstText, parameter } from '../ical/jcal.js';
import { aboutValue } from '../ical/written-value.js';
import { SECONDS_PER_DAY } from './civil.js';
import {
  readTiming,
  swappedTimingMessage,
  timingMessage,
  valueLocal,
  valueToEventLocal,
  valueToUtc,
  type EventTiming,
  type TimingContext,
} from './event-times.js';
import type { Occurrence } from './occurrences.js';
import { leavingOut, seriesMessage, type SeriesMessage } from './types.js';

export interface Override {
  component: ICAL.Component;
  timing: EventTiming;
  recurrenceId: IcsDateValue;
  /** Original start on the master's wall clock and as an instant. */
  originalLocal: number;
  originalUtc: number;
  /** Matches the occurrence on the same day rather than at the same instant (see originalStart). */
  byDay: boolean;
  thisAndFuture: boolean;
  /** Wall-clock shift (seconds) applied to later instances under THISANDFUTURE. */
  shift: number;
}

export interface OverrideIndex {
  list: Override[];
  /** The override for this occurrence itself, if any. */
  exact(o: Occurrence): Override | undefined;
  /** The THISANDFUTURE override in force for this (later) occurrence, if any. */
  governing(o: Occurrence): Override | undefined;
  /** Largest wall-clock shift any THISANDFUTURE override applies, in seconds. */
  maxShift: number;
}

function sequenceOf(component: ICAL.Component): number {
  const value = Number(firstText(component, 'sequence'));
  return Number.isFinite(value) ? value : 0;
}

/** Reads overrides on the master's clock (their own without a master); bad ones become problems. */
export function readOverrides(
  components: ICAL.Component[],
  masterTiming: EventTiming | null,
  ctx: TimingContext,
  problems: SeriesMessage[],
): Override[] {
  const byKey = new Map<string, Override>();
  for (const component of components) {
    const override = readOverride(component, masterTiming, ctx, problems);
    if (!override) continue;
    // Two overrides of one instance: the higher SEQUENCE wins, then the later one in the file.
    const key = override.byDay ? `d${override.originalLocal}` : `t${override.originalUtc}`;
    const previous = byKey.get(key);
    if (!previous || sequenceOf(component) >= sequenceOf(previous.component))
      byKey.set(key, override);
  }
  return [...byKey.values()].sort((a, b) => a.originalUtc - b.originalUtc);
}

function readOverride(
  component: ICAL.Component,
  masterTiming: EventTiming | null,
  ctx: TimingContext,
  problems: SeriesMessage[],
): Override | null {
  const prop = firstProperty(component, 'recurrence-id');
  if (!prop) {
    problems.push(leavingOut(seriesMessage(component, 'BEGIN', 'override has no RECURRENCE-ID')));
    return null;
  }
  const rid = readDateProperty(prop);
  if (!rid.ok) {
    const message = aboutValue('RECURRENCE-ID', rid.error, 'override ignored: ');
    problems.push(leavingOut(seriesMessage(component, 'RECURRENCE-ID', message)));
    return null;
  }
  const own = readTiming(component, ctx);
  if (!own.ok) {
    // Said at the DTSTART, DTEND or DURATION line at fault, which places the override in the file
    // (its RECURRENCE-ID as ical.js holds it, quoted before, is not written so in the file).
    const message = timingMessage('override', own);
    problems.push(leavingOut(seriesMessage(component, own.property, message)));
    return null;
  }
  if (own.timing.swapped) problems.push(swappedTimingMessage(own.timing));
  const series = masterTiming ?? own.timing;
  const original = originalStart(rid.value, component, series, ctx);
  const startOnMaster = masterTiming
    ? masterTiming.clock.toLocal(own.timing.clock.toUtc(own.timing.startLocal))
    : own.timing.startLocal;
  const shift = startOnMaster - original.local;
  const range = parameter(prop, 'range');
  return {
    component,
    timing: own.timing,
    recurrenceId: rid.value,
    originalLocal: original.local,
    originalUtc: original.utc,
    byDay: original.byDay,
    thisAndFuture: range?.toUpperCase() === 'THISANDFUTURE',
    // All-day series move by whole days.
    shift: series.isDate ? Math.round(shift / SECONDS_PER_DAY) * SECONDS_PER_DAY : shift,
  };
}

/**
 * The original start a RECURRENCE-ID names, on the series' wall clock. In an all-day series it
 * names a day, even when written as a date-time (Outlook writes
 * `RECURRENCE-ID;TZID=GMT Standard Time:20200416T000000`): the date as written, or for a UTC
 * value the date in the floating zone. A DATE RECURRENCE-ID in a timed series names a day too
 * (RFC 5545 wants DTSTART's value type; some exporters write the day alone): it replaces that
 * day's occurrence, so its original start is the day at the master's time of day, the instant
 * the occurrence it replaces is known by.
 */
function originalStart(
  rid: IcsDateValue,
  component: ICAL.Component,
  series: EventTiming,
  ctx: TimingContext,
): { local: number; utc: number; byDay: boolean } {
  if (series.isDate || rid.isDate) {
    const wall = rid.isUtc
      ? series.clock.toLocal(valueToUtc(rid, component, series.clock, ctx))
      : valueLocal(rid);
    const day = Math.floor(wall / SECONDS_PER_DAY) * SECONDS_PER_DAY;
    const local = series.isDate ? day : day + secondsIntoDay(series.startLocal);
    return { local, utc: series.clock.toUtc(local), byDay: true };
  }
  const local = valueToEventLocal(rid, component, series.clock, ctx);
  return { local, utc: valueToUtc(rid, component, series.clock, ctx), byDay: false };
}

function secondsIntoDay(local: number): number {
  return local - Math.floor(local / SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

/** Indexes overrides for lookup by occurrence (date RECURRENCE-IDs match by day). */
export function indexOverrides(list: Override[]): OverrideIndex {
  const byInstant = new Map<number, Override>();
  const byDay = new Map<number, Override>();
  for (const o of list) {
    if (o.byDay) byDay.set(Math.floor(o.originalLocal / SECONDS_PER_DAY), o);
    else byInstant.set(o.originalUtc, o);
  }
  const ranged = list.filter((o) => o.thisAndFuture);
  return {
    list,
    exact: (occ) => byInstant.get(occ.utc) ?? byDay.get(Math.floor(occ.local / SECONDS_PER_DAY)),
    governing: (occ) => {
      let found: Override | undefined;
      for (const o of ranged) if (o.originalUtc <= occ.utc) found = o;
      return found;
    },
    maxShift: ranged.reduce((m, o) => Math.max(m, Math.abs(o.shift)), 0),
  };
}
