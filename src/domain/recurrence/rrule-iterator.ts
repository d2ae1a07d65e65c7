/**
 * Walks a recurrence rule's instants in order, in wall-clock "local seconds" (see civil.ts).
 *
 * This is our own iterator, not an npm engine: measured on libical's table (see
 * test/conformance/measure-engines.ts) the best engine, rrule-temporal, still missed BYWEEKNO
 * at year boundaries and libical's defaults, which cannot be patched from outside an engine.
 */
import { localFields, SECONDS_PER_DAY } from './civil.js';
import type { RecurrenceRule } from './rrule-parse.js';
import { planPeriods, type PeriodSet } from './rrule-periods.js';

export interface RuleWalkOptions {
  /** DTSTART, local seconds. */
  start: number;
  isDate: boolean;
  /** Last allowed instant (inclusive, local seconds) from UNTIL, already read in the event's zone. */
  untilLocal: number | null;
  /**
   * RFC 5545 §3.8.5.3: DTSTART is the first instance and counts toward COUNT even when the rule
   * would not produce it. False gives the rule's own set, as libical's iterator (and rrule.js)
   * do; libical's table is written that way.
   */
  includeDtstart: boolean;
  /**
   * Instants before this are not needed (DTSTART aside): without COUNT the walk starts near it,
   * under COUNT the earlier instants are counted but not yielded.
   */
  skipBefore: number;
  /** Stop before this instant (exclusive); the caller needs nothing later. */
  stopAt: number;
  /** Periods in a row without an instant to visit at most: a rule that never matches stops. */
  maxPeriods: number;
  /**
   * Periods to visit at most in all. A COUNT rule is walked from DTSTART, so one that started long
   * before the window may visit many periods that all match; this keeps its walk bounded too.
   */
  maxSteps: number;
}

/** 'budget': maxPeriods in a row without an instant; 'steps': maxSteps visited. */
export type WalkEnd = 'done' | 'budget' | 'steps';

function positionsOf(set: PeriodSet, bySetPos: number[]): number[] {
  const n = set.days.length * set.times.length;
  const idx = new Set<number>();
  for (const p of bySetPos) {
    const i = p > 0 ? p - 1 : n + p;
    if (i >= 0 && i < n) idx.add(i);
  }
  const t = set.times.length;
  return [...idx]
    .sort((a, b) => a - b)
    .map((i) => set.days[Math.floor(i / t)]! * SECONDS_PER_DAY + set.times[i % t]!);
}

/** Yields the rule's instants in ascending order; returns why it stopped. */
export function* walkRule(rule: RecurrenceRule, o: RuleWalkOptions): Generator<number, WalkEnd> {
  const plan = planPeriods(rule, localFields(o.start), o.isDate);
  const limit = Math.min(o.untilLocal ?? Infinity, o.stopAt - 1);
  let remaining = rule.count ?? Infinity;
  // DTSTART is the earliest instant of the set, so when it is an instance it comes first; the
  // rule's own copy of it (when the rule matches DTSTART) is then the same instance, counted once.
  const dtstartFirst = o.includeDtstart && o.start <= limit;
  if (o.includeDtstart && o.start > (o.untilLocal ?? Infinity)) return 'done';
  if (dtstartFirst) {
    yield o.start;
    remaining--;
  }
  // Without COUNT, periods before the window change nothing: start just before it.
  let k = rule.count === null ? Math.max(0, plan.indexBefore(o.skipBefore)) : 0;
  let dry = 0;
  for (let visited = 0; remaining > 0; visited++) {
    if (dry >= o.maxPeriods) return 'budget';
    if (visited >= o.maxSteps) return 'steps';
    if (plan.startOf(k) > limit) break;
    dry++;
    const set = plan.candidates(k);
    if ('skipTo' in set) {
      k = set.skipTo;
      continue;
    }
    // Plain loops rather than a nested generator: this runs once per instance.
    const list = rule.bySetPos.length ? positionsOf(set, rule.bySetPos) : null;
    const total = list ? list.length : set.days.length * set.times.length;
    const t = set.times.length;
    for (let i = 0; i < total; i++) {
      const at = list
        ? list[i]!
        : set.days[Math.floor(i / t)]! * SECONDS_PER_DAY + set.times[i % t]!;
      if (at < o.start || (dtstartFirst && at === o.start)) continue;
      if (at > limit || remaining <= 0) return 'done';
      dry = 0;
      remaining--;
      if (at >= o.skipBefore) yield at;
    }
    k++;
  }
  return 'done';
}
