/**
 * Expands one series (a master VEVENT and its RECURRENCE-ID overrides) into instances.
 *
 * Window rule: an instance is listed when it starts in [from, to), or when it started before
 * `from` and is still running at `from` (start < from < end). A zero-length instance is listed
 * only when it starts in the window. With `listing: 'starting'` (the `ics expand` CLI) only
 * instances that start in the window are listed, and counted toward maxInstancesPerSeries.
 *
 * An unbounded series stops at `to`; more than maxInstancesPerSeries instances in the window are
 * cut to the first ones, and a rule that matches nothing for very long stops; both are reported
 * in `truncated`. Nothing here reads a clock or does I/O.
 */
import type ICAL from 'ical.js';
import { firstProperty } from '../ical/jcal.js';
import type { IcsProblem, IcsSeries } from '../ical/parse-calendar.js';
import { eventEffect } from '../ical/event-effects.js';
import { ianaNameOf } from '../ical/time-zones.js';
import { sayMessage } from '../ical/written-value.js';
import { formatDate, isoInstant, isoSecond, SECONDS_PER_DAY } from './civil.js';
import {
  instanceEnd,
  readTiming,
  swappedTimingMessage,
  timingMessage,
  type EventTiming,
  type InstanceLength,
  type TimingContext,
} from './event-times.js';
import { masterOccurrences, type Occurrence } from './occurrences.js';
import { dateBounds, surelyOutside } from './quick-reject.js';
import { indexOverrides, readOverrides, type Override, type OverrideIndex } from './overrides.js';
import {
  DEFAULT_MAX_INSTANCES,
  type ExpandedInstance,
  type ExpandOptions,
  type ExpandResult,
  leavingOut,
  seriesMessage,
  type SeriesMessage,
} from './types.js';

/** Rule periods in a row without an instance visited at most: a rule that matches nothing stops. */
const MAX_PERIODS = 200_000;
/**
 * Rule periods visited at most per series in all. A COUNT rule is counted from DTSTART: a
 * half-hourly one from 2000 needs 460,000 periods to reach 2026. About a second of walking.
 */
const MAX_STEPS = 2_000_000;
/** Zones differ from UTC by at most 14 hours; a day of slack covers that and DST. */
const SLACK_SECONDS = SECONDS_PER_DAY;

/** Why a series' instances may be missing when its rule walk stopped early ('cap' loses nothing). */
const STOP_REASONS = {
  cap: null,
  budget: `the rule matched nothing in ${MAX_PERIODS} steps; stopped looking`,
  steps: `the rule took more than ${MAX_STEPS} steps to reach the window (a COUNT is counted from DTSTART); stopped looking`,
} as const;

/** An instance before it is listed: its span as numbers, so that filtering and sorting stay cheap. */
export interface Draft {
  uid: string;
  startMs: number;
  endMs: number;
  timing: EventTiming;
  startLocal: number;
  length: InstanceLength;
  /** The original start (UTC ms) a recurring instance is known by; NaN for a single event. */
  recurrenceUtc: number;
  /** ...and on the wall clock, and whether it names a day (the id is built from these when listed). */
  recurrenceLocal: number;
  recurrenceIsDate: boolean;
  component: ICAL.Component;
  isOverride: boolean;
  /** Position of the uid in sorted order, set by expandCalendar for a cheap sort. */
  uidRank: number;
}

/** A recurrence id in the making: the original start, or null for a single event. */
type Original = { isDate: boolean; local: number; utc: number } | null;

function recurrenceIdOf(d: Draft): string | null {
  if (Number.isNaN(d.recurrenceUtc)) return null;
  return d.recurrenceIsDate
    ? formatDate(Math.floor(d.recurrenceLocal / SECONDS_PER_DAY))
    : isoSecond(d.recurrenceUtc);
}

/** Orders two drafts of one start and uid by their original start (single events first). */
export function compareOriginals(a: Draft, b: Draft): number {
  const x = Number.isNaN(a.recurrenceUtc) ? -Infinity : a.recurrenceUtc;
  const y = Number.isNaN(b.recurrenceUtc) ? -Infinity : b.recurrenceUtc;
  return x === y ? 0 : x < y ? -1 : 1;
}

function lengthSeconds(length: InstanceLength): number {
  if (length.kind === 'days') return length.days * SECONDS_PER_DAY;
  if (length.kind === 'exact') return Math.ceil(length.ms / 1000);
  return length.days * SECONDS_PER_DAY + length.seconds;
}

/** A loop, not Math.max(...lengths): a series may have more overrides than fit as arguments. */
function longestLength(master: EventTiming, overrides: Override[]): number {
  let longest = lengthSeconds(master.length);
  for (const o of overrides) longest = Math.max(longest, lengthSeconds(o.timing.length));
  return longest;
}

/** The listed form of a draft. */
export function toInstance(d: Draft): ExpandedInstance {
  const { timing } = d;
  const days = d.length.kind === 'days' ? d.length.days : 0;
  // A swapped all-day event (DTEND before DTSTART) ends on DTSTART's day.
  const startDay = Math.floor(d.startLocal / SECONDS_PER_DAY) - (timing.swapped ? days : 0);
  return {
    uid: d.uid,
    recurrenceId: recurrenceIdOf(d),
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
  uid: string,
  timing: EventTiming,
  startLocal: number,
  length: InstanceLength,
  original: Original,
  component: ICAL.Component,
  isOverride: boolean,
): Draft {
  let startMs = timing.clock.toUtc(startLocal);
  let endMs = instanceEnd(timing, startLocal, startMs, length);
  if (timing.swapped) [startMs, endMs] = [startMs - (endMs - startMs), startMs];
  return {
    uid,
    startMs,
    endMs,
    timing,
    startLocal,
    length,
    recurrenceUtc: original ? original.utc : NaN,
    recurrenceLocal: original ? original.local : 0,
    recurrenceIsDate: original ? original.isDate : false,
    component,
    isOverride,
    uidRank: 0,
  };
}

/** An override's own instance; it always has a recurrence id (its RECURRENCE-ID). */
function overrideDraft(uid: string, o: Override, masterTiming: EventTiming | null): Draft {
  const isDate = masterTiming?.isDate ?? o.recurrenceId.isDate;
  const original = { isDate, local: o.originalLocal, utc: o.originalUtc };
  return draft(uid, o.timing, o.timing.startLocal, o.timing.length, original, o.component, true);
}

/** A master occurrence as an instance: plain, or moved and described by a THISANDFUTURE override. */
function occurrenceDraft(
  uid: string,
  occ: Occurrence,
  master: EventTiming,
  governing: Override | undefined,
  recurring: boolean,
): Draft {
  const original = recurring ? { isDate: master.isDate, local: occ.local, utc: occ.utc } : null;
  if (!governing) {
    const length = occ.length ?? master.length;
    return draft(uid, master, occ.local, length, original, master.component, false);
  }
  const moved: EventTiming = { ...governing.timing, clock: master.clock, zone: master.zone };
  const local = occ.local + governing.shift;
  return draft(uid, moved, local, governing.timing.length, original, governing.component, true);
}

type Range = { from: number; to: number };

function overlaps(d: Draft, { from, to }: Range): boolean {
  if (d.startMs >= to) return false;
  return d.startMs >= from || d.endMs > from;
}

function startsIn(d: Draft, { from, to }: Range): boolean {
  return d.startMs >= from && d.startMs < to;
}

/** The window rule the caller asked for (see the module comment). */
function windowRule(options: ExpandOptions): (d: Draft, range: Range) => boolean {
  return options.listing === 'starting' ? startsIn : overlaps;
}

/**
 * A problem of the series, at its line in the file when the series knows its lines, quoting the
 * value from that line: the text is looked up only here, once something is wrong.
 */
function problem(series: IcsSeries, m: SeriesMessage): IcsProblem {
  const at = series.lineOf?.(m.component, m.property, m.nth) ?? null;
  const said = sayMessage(m.message, at?.text ?? null);
  const begin = series.lineOf?.(m.component, 'BEGIN')?.line ?? null;
  return {
    line: at?.line ?? null,
    uid: series.uid,
    message: at === null ? said : `line ${at.line}: ${said}`,
    effect: eventEffect(m.outcome ?? 'kept', begin, series.uid)!,
  };
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
  return { instances: drafts.map(toInstance), problems, truncated };
}

/** expandSeries without building the listed objects (expandCalendar sorts drafts first). */
export function expandSeriesDrafts(
  series: IcsSeries,
  window: { from: Date; to: Date },
  options: ExpandOptions,
): DraftResult {
  const ctx: TimingContext = { floatingZone: options.floatingZone };
  const out: DraftResult = { drafts: [], problems: [], truncated: [] };
  const range = { from: window.from.getTime(), to: window.to.getTime() };
  const single = series.master && !series.overrides.length && isSingle(series.master);
  if (single && surelyOutside(series.master!, dateBounds(range.from, range.to))) return out;
  const messages: SeriesMessage[] = [];
  let master: EventTiming | null = null;
  if (series.master) {
    const read = readTiming(series.master, ctx);
    if (read.ok) master = read.timing;
    else {
      const message = timingMessage('series', read);
      messages.push(leavingOut(seriesMessage(series.master, read.property, message)));
    }
    if (master?.swapped) messages.push(swappedTimingMessage(master));
  }
  if (master && single) {
    // Most events of a calendar are single: one draft, none of the recurrence machinery.
    const one = draft(
      series.uid,
      master,
      master.startLocal,
      master.length,
      null,
      master.component,
      false,
    );
    if (windowRule(options)(one, range)) out.drafts.push(one);
    out.problems = messages.map((m) => problem(series, m));
    return out;
  }
  const overrides = indexOverrides(readOverrides(series.overrides, master, ctx, messages));
  const drafts = master
    ? masterDrafts(series, master, overrides, range, options, messages, out)
    : [];
  for (const o of overrides.list) drafts.push(overrideDraft(series.uid, o, master));
  out.drafts = listed(series.uid, drafts, range, options, out);
  out.problems = messages.map((m) => problem(series, m));
  return out;
}

/** One instance, nothing to add or take away (an EXDATE may remove even DTSTART). */
function isSingle(component: ICAL.Component): boolean {
  return (
    !firstProperty(component, 'rrule') &&
    !firstProperty(component, 'rdate') &&
    !firstProperty(component, 'exdate')
  );
}

/** The master's occurrences near the window as drafts (overridden ones left to their override). */
function masterDrafts(
  series: IcsSeries,
  master: EventTiming,
  overrides: OverrideIndex,
  range: Range,
  options: ExpandOptions,
  messages: SeriesMessage[],
  out: DraftResult,
): Draft[] {
  const max = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES;
  const widen = longestLength(master, overrides.list) + overrides.maxShift + SLACK_SECONDS;
  const set = masterOccurrences(
    series.master!,
    master,
    { floatingZone: options.floatingZone },
    {
      fromLocal: master.clock.toLocal(range.from) - widen,
      toLocal: master.clock.toLocal(range.to) + overrides.maxShift + SLACK_SECONDS,
      includeUnmatchedDtstart: options.unmatchedDtstart !== 'exclude',
      // Counted from a day after `from` (in any zone), so hitting the cap proves more than `max`
      // instances start in the window even if every override moved one away.
      cap: max + overrides.list.length + 1,
      capFromLocal: master.clock.toLocal(range.from) + SLACK_SECONDS,
      maxPeriods: MAX_PERIODS,
      maxSteps: MAX_STEPS,
    },
  );
  // One by one: spread, a crafted file's ~120k bad RDATEs would overflow the stack.
  for (const problem of set.problems) messages.push(problem);
  const reason = set.stoppedBy ? STOP_REASONS[set.stoppedBy] : null;
  if (reason) out.truncated.push({ uid: series.uid, reason, cause: 'rule' });
  const drafts: Draft[] = [];
  for (const occ of set.occurrences) {
    if (overrides.exact(occ)) continue;
    drafts.push(occurrenceDraft(series.uid, occ, master, overrides.governing(occ), set.recurring));
  }
  return drafts;
}

/** Keeps the drafts the window rule lists, in order, cut at maxInstancesPerSeries. */
function listed(
  uid: string,
  drafts: Draft[],
  range: Range,
  options: ExpandOptions,
  out: DraftResult,
): Draft[] {
  const max = options.maxInstancesPerSeries ?? DEFAULT_MAX_INSTANCES;
  const inWindow = windowRule(options);
  const kept = drafts
    .filter((d) => inWindow(d, range))
    .sort((a, b) => a.startMs - b.startMs || compareOriginals(a, b));
  if (kept.length > max) {
    out.truncated.push({
      uid,
      reason: `more than ${max} instances in the window; listed the first ${max}`,
      cause: 'max-instances',
    });
    kept.length = max;
  }
  return kept;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
