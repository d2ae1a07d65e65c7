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
import { firstProperty } from '../ical/jcal.js';
import type { IcsProblem, IcsSeries } from '../ical/parse-calendar.js';
import { ianaNameOf } from '../ical/time-zones.js';
import { formatDate, isoInstant, SECONDS_PER_DAY } from './civil.js';
import {
  instanceSpan,
  readTiming,
  type EventTiming,
  type InstanceLength,
  type TimingContext,
} from './event-times.js';
import { masterOccurrences, type Occurrence } from './occurrences.js';
import { indexOverrides, readOverrides, type Override, type OverrideIndex } from './overrides.js';
import {
  DEFAULT_MAX_INSTANCES,
  type ExpandedInstance,
  type ExpandOptions,
  type ExpandResult,
} from './types.js';

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
  return `${isoInstant(ms).slice(0, 19)}Z`;
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
    start: isoInstant(d.startMs),
    end: isoInstant(d.endMs),
    allDay: timing.isDate,
    startDate: timing.isDate ? formatDate(startDay) : null,
    endDate: timing.isDate ? formatDate(startDay + days) : null,
    timeZone: timing.isDate ? null : ianaNameOf(timing.zone),
    component: d.component,
    isOverride: d.isOverride,
  };
}

/** Drafts always get the same fields in the same order: one object shape keeps sorting fast. */
function draft(
  timing: EventTiming,
  startLocal: number,
  length: InstanceLength,
  recurrenceId: string | null,
  component: ICAL.Component,
  isOverride: boolean,
): Draft {
  const span = instanceSpan(timing, startLocal, length);
  return {
    startMs: span.start,
    endMs: span.end,
    timing,
    startLocal,
    length,
    recurrenceId,
    component,
    isOverride,
  };
}

/** An override's own instance; it always has a recurrence id (its RECURRENCE-ID). */
function overrideDraft(o: Override, masterTiming: EventTiming | null): Draft {
  const isDate = masterTiming?.isDate ?? o.recurrenceId.isDate;
  const recurrenceId = recurrenceIdOf(isDate, o.originalLocal, o.originalUtc);
  return draft(o.timing, o.timing.startLocal, o.timing.length, recurrenceId, o.component, true);
}

/** A master occurrence as an instance: plain, or moved and described by a THISANDFUTURE override. */
function occurrenceDraft(
  occ: Occurrence,
  master: EventTiming,
  governing: Override | undefined,
  recurring: boolean,
): Draft {
  const recurrenceId = recurring ? recurrenceIdOf(master.isDate, occ.local, occ.utc) : null;
  if (!governing) {
    const length = occ.length ?? master.length;
    return draft(master, occ.local, length, recurrenceId, master.component, false);
  }
  const moved: EventTiming = { ...governing.timing, clock: master.clock, zone: master.zone };
  const local = occ.local + governing.shift;
  return draft(moved, local, governing.timing.length, recurrenceId, governing.component, true);
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
export function expandSeries(
  series: IcsSeries,
  window: { from: Date; to: Date },
  options: ExpandOptions,
): ExpandResult {
  const { drafts, problems, truncated } = expandSeriesDrafts(series, window, options);
  return { instances: drafts.map((d) => toInstance(series.uid, d)), problems, truncated };
}

/** expandSeries without building the listed objects (expandCalendar sorts drafts first). */
export function expandSeriesDrafts(
  series: IcsSeries,
  window: { from: Date; to: Date },
  options: ExpandOptions,
): DraftResult {
  const ctx: TimingContext = { floatingZone: options.floatingZone };
  const out: DraftResult = { drafts: [], problems: [], truncated: [] };
  const messages: string[] = [];
  let master: EventTiming | null = null;
  if (series.master) {
    const read = readTiming(series.master, ctx);
    if (read.ok) master = read.timing;
    else messages.push(`series ignored: ${read.error}`);
  }
  const range = { from: window.from.getTime(), to: window.to.getTime() };
  if (master && !series.overrides.length && isSingle(master.component)) {
    // Most events of a calendar are single: one draft, none of the recurrence machinery.
    const one = draft(master, master.startLocal, master.length, null, master.component, false);
    if (inWindow(one, range.from, range.to)) out.drafts.push(one);
    return out;
  }
  const overrides = indexOverrides(readOverrides(series.overrides, master, ctx, messages));
  const drafts = master ? masterDrafts(series, master, overrides, range, options, messages, out) : [];
  for (const o of overrides.list) drafts.push(overrideDraft(o, master));
  out.drafts = listed(series.uid, drafts, range, options, out);
  out.problems = messages.map((m) => problem(series.uid, m));
  return out;
}

function isSingle(component: ICAL.Component): boolean {
  return !firstProperty(component, 'rrule') && !firstProperty(component, 'rdate');
}

/** The master's occurrences near the window as drafts (overridden ones left to their override). */
function masterDrafts(
  series: IcsSeries,
  master: EventTiming,
  overrides: OverrideIndex,
  range: { from: number; to: number },
  options: ExpandOptions,
  messages: string[],
  out: DraftResult,
): Draft[] {
  const max = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES;
  const lengths = overrides.list.map((o) => lengthSeconds(o.timing.length));
  const widen = Math.max(lengthSeconds(master.length), ...lengths) + overrides.maxShift + SLACK_SECONDS;
  const set = masterOccurrences(series.master!, master, { floatingZone: options.floatingZone }, {
    fromLocal: master.clock.toLocal(range.from) - widen,
    toLocal: master.clock.toLocal(range.to) + overrides.maxShift + SLACK_SECONDS,
    includeUnmatchedDtstart: options.unmatchedDtstart !== 'exclude',
    // Counted from a day after `from` (in any zone), so hitting the cap proves more than `max`
    // instances start in the window even if every override moved one away.
    cap: max + overrides.list.length + 1,
    capFromLocal: master.clock.toLocal(range.from) + SLACK_SECONDS,
    maxPeriods: MAX_PERIODS,
  });
  messages.push(...set.problems);
  if (set.stoppedBy === 'budget') {
    out.truncated.push({ uid: series.uid, reason: `the rule matched nothing in ${MAX_PERIODS} steps; stopped looking` });
  }
  const drafts: Draft[] = [];
  for (const occ of set.occurrences) {
    if (overrides.exact(occ)) continue;
    drafts.push(occurrenceDraft(occ, master, overrides.governing(occ), set.recurring));
  }
  return drafts;
}

/** Keeps the drafts the window rule lists, in order, cut at maxInstancesPerSeries. */
function listed(
  uid: string,
  drafts: Draft[],
  range: { from: number; to: number },
  options: ExpandOptions,
  out: DraftResult,
): Draft[] {
  const max = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES;
  const kept = drafts
    .filter((d) => inWindow(d, range.from, range.to))
    .sort((a, b) => a.startMs - b.startMs || compareText(a.recurrenceId ?? '', b.recurrenceId ?? ''));
  if (kept.length > max) {
    out.truncated.push({ uid, reason: `more than ${max} instances in the window; listed the first ${max}` });
    kept.length = max;
  }
  return kept;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
