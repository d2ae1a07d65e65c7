/**
 * A cheap test that a single (non-recurring) event cannot touch the window, made on the raw
 * date strings before any time zone work. Most events of a large calendar lie far outside the
 * window asked for, and reading their times properly would cost most of the expansion.
 *
 * Safe by construction: wall-clock dates differ from the instants they name by less than a day
 * (offsets are at most 14 hours), so a margin of two days on each side can only keep too much,
 * never drop an event. Anything unusual (DURATION, DTEND before DTSTART, odd values) is kept and
 * goes the normal way.
 */
import type ICAL from 'ical.js';
import { firstProperty } from '../ical/jcal.js';
import { formatDate } from './civil.js';

const DAY_MS = 86_400_000;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/** The window as wall-clock dates, widened by two days each side. */
export interface DateBounds {
  low: string;
  high: string;
}

export function dateBounds(from: number, to: number): DateBounds {
  return {
    low: formatDate(Math.floor(from / DAY_MS) - 2),
    high: formatDate(Math.floor(to / DAY_MS) + 2),
  };
}

function rawDate(component: ICAL.Component, name: string): string | null | undefined {
  const prop = firstProperty(component, name);
  if (!prop) return null;
  const value = prop[3];
  return typeof value === 'string' && DATE_PREFIX.test(value) ? value.slice(0, 10) : undefined;
}

/** True when the single event surely ends before the window or starts after it. */
export function surelyOutside(component: ICAL.Component, bounds: DateBounds): boolean {
  if (firstProperty(component, 'duration')) return false;
  const start = rawDate(component, 'dtstart');
  const end = rawDate(component, 'dtend');
  if (!start || end === undefined) return false;
  if (end !== null && end < start) return false; // swapped times: let the normal path decide
  if (start > bounds.high) return true;
  // Without DTEND an event lasts at most a day.
  return (end ?? start) < bounds.low;
}
