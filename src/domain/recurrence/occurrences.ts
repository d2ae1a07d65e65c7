/**
 * The recurrence set of a master VEVENT near a window (RFC 5545 §3.8.5): DTSTART, every RRULE,
 * every RDATE, minus every EXDATE, on the master's wall clock, in order and without duplicates.
 */
import type ICAL from 'ical.js';
import { allProperties } from '../ical/jcal.js';
import { readDateList, readRdates, readRuleText, type IcsDateValue } from '../ical/ics-values.js';
import { aboutValue, quoteWritten, type ValueMessage } from '../ical/written-value.js';
import { dayNumber, SECONDS_PER_DAY } from './civil.js';
import {
  valueToEventLocal,
  valueToUtc,
  type EventTiming,
  type InstanceLength,
  type TimingContext,
} from './event-times.js';
import { walkRule, type WalkEnd } from './rrule-iterator.js';

type WalkStop = Exclude<WalkEnd, 'done'>;
import { parseRecurrenceRule, type RuleUntil } from './rrule-parse.js';
import { seriesMessage, type SeriesMessage } from './types.js';

export interface Occurrence {
  /** Original start on the master's wall clock (local seconds). */
  local: number;
  /** Original start as a UTC instant (ms); all-day: midnight in the floating zone. */
  utc: number;
  /** The RDATE PERIOD's own length, when it has one. */
  length: InstanceLength | null;
}

export interface OccurrenceQuery {
  /** Wall-clock bounds: before `fromLocal` may be left out; nothing at or after `toLocal` is needed. */
  fromLocal: number;
  toLocal: number;
  includeUnmatchedDtstart: boolean;
  /** Stop after `cap` occurrences at or after `capFromLocal` (which must lie after the window start). */
  cap: number;
  capFromLocal: number;
  /** Rule periods to visit at most, in a row without an instant and in all (see walkRule). */
  maxPeriods: number;
  maxSteps: number;
}

export interface OccurrenceSet {
  occurrences: Occurrence[];
  recurring: boolean;
  problems: SeriesMessage[];
  /** Why generation stopped early, if it did. */
  stoppedBy: 'cap' | WalkStop | null;
}

/** UNTIL on the master's wall clock: a date lasts its whole day, UTC is converted, floating is kept. */
function untilLocal(until: RuleUntil, timing: EventTiming): number {
  const day = dayNumber(until.year, until.month, until.day) * SECONDS_PER_DAY;
  if (until.isDate) return day + SECONDS_PER_DAY - 1;
  const local = day + until.hour * 3600 + until.minute * 60 + until.second;
  return until.isUtc ? timing.clock.toLocal(local * 1000) : local;
}

/** Collects a rule's instants into `starts`; says why it stopped early, if it did. */
function drain(
  walk: Generator<number, WalkEnd>,
  starts: number[],
  q: OccurrenceQuery,
): OccurrenceSet['stoppedBy'] {
  let counted = 0;
  let step = walk.next();
  for (; !step.done; step = walk.next()) {
    starts.push(step.value);
    if (step.value >= q.capFromLocal && ++counted >= q.cap) return 'cap';
  }
  return step.value === 'done' ? null : step.value;
}

/**
 * An RRULE we cannot use. `error` was found in the rule rebuilt from ical.js's parsed form, whose
 * parts are not as written (`UNTIL=2024-02` comes back as `202402`). Once the file's text is
 * known (only when the message is said), the rule as written is read again so that the part the
 * error quotes is the file's; should that text read fine after all, the first error is kept.
 */
function ruleMessage(error: string): ValueMessage {
  return {
    plain: `RRULE ignored: ${error}`,
    quoting: (written) => {
      const again = parseRecurrenceRule(written);
      return `RRULE ${quoteWritten(written)} ignored: ${again.ok ? error : again.error}`;
    },
  };
}

function ruleStarts(
  master: ICAL.Component,
  timing: EventTiming,
  q: OccurrenceQuery,
  problems: SeriesMessage[],
): { starts: number[]; stoppedBy: OccurrenceSet['stoppedBy']; recurring: boolean } {
  const rules = allProperties(master, 'rrule');
  const starts: number[] = [];
  let stoppedBy: OccurrenceSet['stoppedBy'] = null;
  let recurring = false;
  for (const [nth, prop] of rules.entries()) {
    const text = readRuleText(prop);
    const parsed =
      text === null
        ? { ok: false as const, error: 'RRULE has no value' }
        : parseRecurrenceRule(text);
    if (!parsed.ok) {
      problems.push(seriesMessage(master, 'RRULE', ruleMessage(parsed.error), nth));
      continue;
    }
    // DTSTART comes with the first usable rule only; later rules add their own instances.
    const includeDtstart = q.includeUnmatchedDtstart && !recurring;
    recurring = true;
    const walk = walkRule(parsed.rule, {
      start: timing.startLocal,
      isDate: timing.isDate,
      untilLocal: parsed.rule.until ? untilLocal(parsed.rule.until, timing) : null,
      includeDtstart,
      skipBefore: q.fromLocal,
      stopAt: q.toLocal,
      maxPeriods: q.maxPeriods,
      maxSteps: q.maxSteps,
    });
    stoppedBy = drain(walk, starts, q) ?? stoppedBy;
  }
  return { starts, stoppedBy, recurring };
}

function rdateLength(
  end: IcsDateValue | null,
  duration: { days: number; seconds: number } | null,
  startUtc: number,
  master: ICAL.Component,
  timing: EventTiming,
  ctx: TimingContext,
): InstanceLength | null {
  if (timing.isDate) return null;
  if (end)
    return {
      kind: 'exact',
      ms: Math.max(0, valueToUtc(end, master, timing.clock, ctx) - startUtc),
    };
  if (duration) return { kind: 'nominal', days: duration.days, seconds: duration.seconds };
  return null;
}

function addRdates(
  master: ICAL.Component,
  timing: EventTiming,
  ctx: TimingContext,
  out: Occurrence[],
  problems: SeriesMessage[],
): boolean {
  let any = false;
  for (const [nth, prop] of allProperties(master, 'rdate').entries()) {
    const read = readRdates(prop);
    if (!read.ok) {
      problems.push(
        seriesMessage(master, 'RDATE', aboutValue('RDATE', `ignored: ${read.error}`), nth),
      );
      continue;
    }
    for (const r of read.value) {
      any = true;
      const local = timing.isDate
        ? Math.floor(valueToEventLocal(r.start, master, timing.clock, ctx) / SECONDS_PER_DAY) *
          SECONDS_PER_DAY
        : valueToEventLocal(r.start, master, timing.clock, ctx);
      const utc = timing.clock.toUtc(local);
      out.push({ local, utc, length: rdateLength(r.end, r.duration, utc, master, timing, ctx) });
    }
  }
  return any;
}

/** EXDATEs as a predicate on occurrences: date-times by instant, dates by day on the master's clock. */
function exclusions(
  master: ICAL.Component,
  timing: EventTiming,
  ctx: TimingContext,
  problems: SeriesMessage[],
): (o: Occurrence) => boolean {
  const instants = new Set<number>();
  const days = new Set<number>();
  for (const [nth, prop] of allProperties(master, 'exdate').entries()) {
    const read = readDateList(prop);
    if (!read.ok) {
      const message = aboutValue('EXDATE', `ignored: ${read.error}`);
      problems.push(seriesMessage(master, 'EXDATE', message, nth));
      continue;
    }
    for (const v of read.value) {
      if (v.isDate || timing.isDate)
        days.add(Math.floor(valueToEventLocal(v, master, timing.clock, ctx) / SECONDS_PER_DAY));
      else instants.add(valueToUtc(v, master, timing.clock, ctx));
    }
  }
  return (o) => instants.has(o.utc) || days.has(Math.floor(o.local / SECONDS_PER_DAY));
}

/** The master's occurrences near the window, sorted, EXDATEs removed. */
export function masterOccurrences(
  master: ICAL.Component,
  timing: EventTiming,
  ctx: TimingContext,
  q: OccurrenceQuery,
): OccurrenceSet {
  const problems: SeriesMessage[] = [];
  const { starts, stoppedBy, recurring: hasRule } = ruleStarts(master, timing, q, problems);
  const all: Occurrence[] = starts.map((local) => ({
    local,
    utc: timing.clock.toUtc(local),
    length: null,
  }));
  // Without a (usable) RRULE, DTSTART is the first instance by definition.
  if (!hasRule)
    all.push({
      local: timing.startLocal,
      utc: timing.clock.toUtc(timing.startLocal),
      length: null,
    });
  const hasRdates = addRdates(master, timing, ctx, all, problems);
  const excluded = exclusions(master, timing, ctx, problems);
  all.sort((a, b) => a.utc - b.utc || (a.length ? 1 : 0) - (b.length ? 1 : 0));
  const occurrences: Occurrence[] = [];
  for (const o of all) {
    const last = occurrences[occurrences.length - 1];
    if (last && last.utc === o.utc) continue; // an RDATE equal to a rule instance is one instance
    if (!excluded(o)) occurrences.push(o);
  }
  return { occurrences, recurring: hasRule || hasRdates, problems, stoppedBy };
}
