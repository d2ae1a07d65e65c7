/**
 * Measures the import of a 50,000-event calendar (built by large-calendar.ts):
 * `node --expose-gc --import tsx test/conformance/measure-import.ts [events]`.
 * Prints ICAL.parse alone, parseCalendar, expandCalendar over one year, and the ratio of the
 * whole import (parse + expand) to ICAL.parse alone, which must stay under 3. Each step is timed
 * best-of-N: on a shared machine other processes, not this code, make the slow runs.
 */
import ICAL from 'ical.js';
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandCalendar } from '../../src/domain/recurrence/expand-calendar.js';
import { buildLargeCalendar } from './large-calendar.js';

export interface ImportTiming {
  megabytes: number;
  events: number;
  icalParseMs: number;
  parseMs: number;
  expandMs: number;
  instances: number;
  problems: number;
  ratio: number;
}

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Wall time (ms) of one step, after a full garbage collection when node runs with --expose-gc. */
function time<T>(fn: () => T): [T, number] {
  collect();
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/**
 * Best of up to `runs` for each step, so that one slow garbage collection does not decide; stops
 * early once the ratio is below `enough` (a run that fast shows what the code can do).
 */
export function measureImport(events: number, runs = 5, enough = 0): ImportTiming {
  const built = buildLargeCalendar(events);
  const window = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
  const best = {
    icalParseMs: Infinity,
    parseMs: Infinity,
    expandMs: Infinity,
    instances: 0,
    problems: 0,
  };
  for (let i = 0; i < runs; i++) {
    const [, icalParseMs] = time(() => ICAL.parse(built.text));
    const [parsed, parseMs] = time(() => parseCalendar(built.text));
    const [expanded, expandMs] = time(() =>
      expandCalendar(parsed, window, { floatingZone: 'Europe/Berlin' }),
    );
    best.icalParseMs = Math.min(best.icalParseMs, icalParseMs);
    best.parseMs = Math.min(best.parseMs, parseMs);
    best.expandMs = Math.min(best.expandMs, expandMs);
    best.instances = expanded.instances.length;
    best.problems = parsed.problems.length + expanded.problems.length;
    if ((best.parseMs + best.expandMs) / best.icalParseMs < enough) break;
  }
  const ratio = (best.parseMs + best.expandMs) / best.icalParseMs;
  return { megabytes: built.text.length / 1e6, events, ...best, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const events = Number(process.argv[2] ?? 50_000);
  const t = measureImport(events);
  console.log(
    `${t.events} events, ${t.megabytes.toFixed(1)} MB: ICAL.parse ${t.icalParseMs.toFixed(0)} ms; ` +
      `parseCalendar ${t.parseMs.toFixed(0)} ms + expandCalendar (1 year) ${t.expandMs.toFixed(0)} ms ` +
      `= ${(t.parseMs + t.expandMs).toFixed(0)} ms, ${t.ratio.toFixed(2)}x ICAL.parse; ` +
      `${t.instances} instances, ${t.problems} problems`,
  );
}
