/**
 * Helpers for the real-world cases: load a fixture, expand it over a window, and build windows
 * the way the source suites ask (python-recurring-ical-events' `at(day)` is that day on the
 * event's own wall clock, `between(a, b)` the span between two wall-clock times).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { parseCalendar, type ParsedCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandCalendar } from '../../src/domain/recurrence/expand-calendar.js';
import type { ExpandedInstance } from '../../src/domain/recurrence/types.js';
import { repoRoot } from './libical-table.js';

/** One ported case: what it checks, where it comes from, and the check itself. */
export interface RealWorldCase {
  name: string;
  /** The source suite's file and test this case ports. */
  source: string;
  run: () => void;
}

export interface Window {
  from: Date;
  to: Date;
}

export interface Fixture {
  parsed: ParsedCalendar;
  /** Instances in the window, sorted by start (expandCalendar's order). */
  between(window: Window): ExpandedInstance[];
  /** Every instance from 1900 to 2100. */
  all(): ExpandedInstance[];
}

/** Loads `test/fixtures/ics/<file>` and expands it with `floatingZone`. */
export function fixture(file: string, floatingZone = 'UTC'): Fixture {
  const text = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'ics', file), 'utf8');
  const parsed = parseCalendar(text);
  const between = (window: Window): ExpandedInstance[] =>
    expandCalendar(parsed, window, { floatingZone }).instances;
  return { parsed, between, all: () => between(span('1900-01-01T00:00', '2100-01-01T00:00')) };
}

function local(text: string, zone: string): DateTime {
  const t = DateTime.fromISO(text, { zone });
  if (!t.isValid) throw new Error(`bad local time ${text} in ${zone}`);
  return t;
}

/** The whole day `YYYY-MM-DD` on the wall clock of `zone`. */
export function day(date: string, zone = 'UTC'): Window {
  const start = local(date, zone);
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

/** The hour that starts at `YYYY-MM-DDTHH` on the wall clock of `zone`. */
export function hour(at: string, zone = 'UTC'): Window {
  const start = local(`${at}:00`, zone);
  return { from: start.toJSDate(), to: start.plus({ hours: 1 }).toJSDate() };
}

/** The month `YYYY-MM` on the wall clock of `zone`. */
export function month(yearMonth: string, zone = 'UTC'): Window {
  const start = local(`${yearMonth}-01`, zone);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** From one wall-clock time (or date) to another in `zone`. */
export function span(from: string, to: string, zone = 'UTC'): Window {
  return { from: local(from, zone).toJSDate(), to: local(to, zone).toJSDate() };
}

/** A window between two UTC instants written `20240901T000000Z` (python's form). */
export function utc(from: string, to: string): Window {
  const iso = (s: string): Date =>
    new Date(s.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  return { from: iso(from), to: iso(to) };
}

/** The wall-clock start (`YYYY-MM-DDTHH:mm`) of an instance in `zone`. */
export function wallStart(i: ExpandedInstance, zone: string): string {
  return DateTime.fromISO(i.start, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function wallEnd(i: ExpandedInstance, zone: string): string {
  return DateTime.fromISO(i.end, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A property's value on the component describing the instance (null when absent). */
export function prop(i: ExpandedInstance, name: string): string | null {
  const value = i.component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

export function summaries(list: ExpandedInstance[]): string[] {
  return list.map((i) => prop(i, 'summary') ?? '');
}

/** Hours between start and end. */
export function hours(i: ExpandedInstance): number {
  return (Date.parse(i.end) - Date.parse(i.start)) / 3_600_000;
}
