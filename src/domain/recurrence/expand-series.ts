/**
 * Expands one series (a master VEVENT and its RECURRENCE-ID overrides) into instances.
 *
 * Window rule: an instance is listed when it starts in [from, to), or when it started before
 * `from` and is still running at `from` (start < from < end). A zero-length instance is listed
 * only when it starts in the window. Callers that want start-in-window only (the `ics expand`
 * CLI) filter again.
 *
 * An unbounded series stops at `to`; more than maxInstancesPerSeries instances in the window are
 * cut to the first ones, and a rule that matches nothing for very long stops; both are reported
 * in `truncated`. Nothing here reads a clock or does I/O.
 */
import type ICAL from 'ical.js';
import type { IcsProblem, IcsSeries } from '../ical/parse-calendar.js';
import { ianaNameOf } from '../ical/time-zones.js';
import { formatDate, SECONDS_PER_DAY } from './civil.js';
import { instanceSpan, readTiming, type EventTiming, type InstanceLength, type TimingContext } from './event-times.js';
import { masterOccurrences, type Occurrence } from './occurrences.js';
import { indexOverrides, readOverrides, type Override } from './overrides.js';
import { DEFAULT_MAX_INSTANCES, type ExpandedInstance, type ExpandOptions, type ExpandResult } from './types.js';

/** Rule periods visited at most per series: a rule that matches nothing cannot spin for long. */
const MAX_PERIODS = 200_000;
/** Zones differ from UTC by at most 14 hours; a day of slack covers that and DST. */
const SLACK_SECONDS = SECONDS_PER_DAY;

/** An instance before it is listed: its span as numbers, so that filtering and sorting stay cheap. */
export interface Draft {
  startMs: number;
  endMs: number;
  timing: EventTiming;
  startLocal: number;
  length: InstanceLength;
  recurrenceId: string | null;
  component: ICAL.Component;
  isOverride: boolean;
}

function isoSecond(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function recurrenceIdOf(isDate: boolean, local: number, utc: number): string {
  return isDate ? formatDate(Math.floor(local / SECONDS_PER_DAY)) : isoSecond(utc);
}

function lengthSeconds(length: InstanceLength): number {
  if (length.kind === 'days') return length.days * SECONDS_PER_DAY;
  if (length.kind === 'exact') return Math.ceil(length.ms / 1000);
  return length.days * SECONDS_PER_DAY + length.seconds;
}

/** The listed form of a draft. */
export function toInstance(uid: string, d: Draft): ExpandedInstance {
  const { timing } = d;
  const startDay = Math.floor(d.startLocal / SECONDS_PER_DAY);
  const days = d.length.kind === 'days' ? d.length.days : 0;
  return {
    uid,
    recurrenceId: d.recurrenceId,
    start: new Date(d.startMs).toISOString(),
    end: new Date(d.endMs).toISOString(),
    allDay: timing.isDate,
    startDate: timing.isDate ? formatDate(startDay) : null,
    endDate: timing.isDate ? formatDate(startDay + days) : null,
    timeZone: timing.isDate ? null : ianaNameOf(timing.zone),
    component: d.component,
    isOverride: d.isOverride,
  };
}

function draft(timing: EventTiming, startLocal: number, length: InstanceLength, rest: Pick<Draft, 'recurrenceId' | 'component' | 'isOverride'>): Draft {
  const span = instanceSpan(timing, startLocal, length);
  return { ...rest, timing, startLocal, length, startMs: span.start, endMs: span.end };
}

/** An override's own instance; it always has a recurrence id (its RECURRENCE-ID). */
function overrideDraft(o: Override, masterTiming: EventTiming | null): Draft {
  const isDate = masterTiming?.isDate ?? o.recurrenceId.isDate;
  return draft(o.timing, o.timing.startLocal, o.timing.length, {
    recurrenceId: recurrenceIdOf(isDate, o.originalLocal, o.originalUtc),
    component: o.component,
    isOverride: true,
  });
}

/** A master occurrence as an instance: plain, or moved and described by a THISANDFUTURE override. */
function occurrenceDraft(occ: Occurrence, master: EventTiming, governing: Override | undefined, recurring: boolean): Draft {
  const recurrenceId = recurring ? recurrenceIdOf(master.isDate, occ.local, occ.utc) : null;
  if (!governing) return draft(master, occ.local, occ.length ?? master.length, { recurrenceId, component: master.component, isOverride: false });
  const moved = { ...governing.timing, clock: master.clock, zone: master.zone };
  return draft(moved, occ.local + governing.shift, governing.timing.length, { recurrenceId, component: governing.component, isOverride: true });
}

function inWindow(d: Draft, from: number, to: number): boolean {
  if (d.startMs >= to) return false;
  return d.startMs >= from || d.endMs > from;
}

function problem(uid: string, message: string): IcsProblem {
  return { line: null, uid, message };
}

export interface DraftResult {
  drafts: Draft[];
  problems: IcsProblem[];
  truncated: ExpandResult['truncated'];
}

/** Expands one series within the window; see the module comment for the exact rule. */
export function expandSeries(series: IcsSeries, window: { from: Date; to: Date }, options: ExpandOptions): ExpandResult {
  const { drafts, problems, truncated } = expandSeriesDrafts(series, window, options);
  return { instances: drafts.map((d) => toInstance(series.uid, d)), problems, truncated };
}

/** expandSeries without building the listed objects (expandCalendar sorts drafts first). */
export function expandSeriesDrafts(series: IcsSeries, window: { from: Date; to: Date }, options: ExpandOptions): DraftResult {
  const max = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES;
  const ctx: TimingContext = { floatingZone: options.floatingZone };
  const from = window.from.getTime();
  const to = window.to.getTime();
  const messages: string[] = [];
  const truncated: ExpandResult['truncated'] = [];
  let masterTiming: EventTiming | null = null;
  if (series.master) {
    const read = readTiming(series.master, ctx);
    if (read.ok) masterTiming = read.timing;
    else messages.push(`series ignored: ${read.error}`);
  }
  const overrides = indexOverrides(readOverrides(series.overrides, masterTiming, ctx, messages));
  const drafts: Draft[] = [];
  let recurring = false;
  if (masterTiming) {
    const longest = Math.max(lengthSeconds(masterTiming.length), ...overrides.list.map((o) => lengthSeconds(o.timing.length)));
    const widen = longest + overrides.maxShift + SLACK_SECONDS;
    const set = masterOccurrences(series.master!, masterTiming, ctx, {
      fromLocal: masterTiming.clock.toLocal(from) - widen,
      toLocal: masterTiming.clock.toLocal(to) + overrides.maxShift + SLACK_SECONDS,
      includeUnmatchedDtstart: options.unmatchedDtstart !== 'exclude',
      // Counted from a day after `from` (in any zone), so hitting the cap proves more than `max`
      // instances start in the window even if every override moved one away.
      cap: max + overrides.list.length + 1,
      capFromLocal: masterTiming.clock.toLocal(from) + SLACK_SECONDS,
      maxPeriods: MAX_PERIODS,
    });
    recurring = set.recurring;
    messages.push(...set.problems);
    if (set.stoppedBy === 'budget') truncated.push({ uid: series.uid, reason: `the rule matched nothing in ${MAX_PERIODS} steps; stopped looking` });
    for (const occ of set.occurrences) {
      if (overrides.exact(occ)) continue;
      drafts.push(occurrenceDraft(occ, masterTiming, overrides.governing(occ), recurring));
    }
  }
  for (const o of overrides.list) drafts.push(overrideDraft(o, masterTiming));
  const listed = drafts
    .filter((d) => inWindow(d, from, to))
    .sort((a, b) => a.startMs - b.startMs || (a.recurrenceId ?? '').localeCompare(b.recurrenceId ?? ''));
  if (listed.length > max) {
    truncated.push({ uid: series.uid, reason: `more than ${max} instances in the window; listed the first ${max}` });
    listed.length = max;
  }
  return { drafts: listed, problems: messages.map((m) => problem(series.uid, m)), truncated };
}
