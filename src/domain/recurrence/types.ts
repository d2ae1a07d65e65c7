/** The public shapes of recurrence expansion (see expand-series.ts). */
import type ICAL from 'ical.js';
import type { EventOutcome } from '../ical/event-effects.js';
import type { IcsProblem } from '../ical/parse-calendar.js';
import type { ValueMessage } from '../ical/written-value.js';

/**
 * A problem found expanding a series, at the property it is about (for its line in the file,
 * and for its value as the file wrote it when the message quotes it).
 */
export interface SeriesMessage {
  message: string | ValueMessage;
  component: ICAL.Component;
  /** The property's name, or 'BEGIN' for the component as a whole. */
  property: string;
  /** Which of the component's lines of that property (0: the first). */
  nth: number;
  /** Whether the component is left out for it; absent: kept, as the message says. */
  outcome?: EventOutcome;
}

export function seriesMessage(
  component: ICAL.Component,
  property: string,
  message: string | ValueMessage,
  nth = 0,
): SeriesMessage {
  return { message, component, property, nth };
}

/** The message of a problem that leaves its VEVENT out (its times or RECURRENCE-ID unreadable). */
export function leavingOut(m: SeriesMessage): SeriesMessage {
  return { ...m, outcome: 'left_out' };
}

export interface ExpandOptions {
  /** IANA zone used for floating times and all-day dates, e.g. 'UTC'. */
  floatingZone: string;
  /** Instances listed per series at most (default 5000); more are reported in `truncated`. */
  maxInstancesPerSeries?: number;
  /**
   * Which instances are listed: 'overlapping' (default) also those that started before `from`
   * and are still running at it; 'starting' only those that start in the window (the `ics expand`
   * CLI), so that maxInstancesPerSeries is spent on the instances the caller keeps.
   */
  listing?: 'overlapping' | 'starting';
  /**
   * A DTSTART the rule itself would not produce: 'include' (default) lists it as the first
   * instance, as RFC 5545 §3.8.5.3 says and Google, Apple, ical.js and
   * python-recurring-ical-events do; 'exclude' lists only what the rule produces, as libical's
   * recurrence iterator, rrule.js and dateutil do (libical's table is written that way).
   */
  unmatchedDtstart?: 'include' | 'exclude';
}

export interface ExpandedInstance {
  uid: string;
  /**
   * null for a non-recurring event; else the start the series gave this instance: UTC
   * `YYYY-MM-DDTHH:mm:ssZ`, or `YYYY-MM-DD` for all-day.
   */
  recurrenceId: string | null;
  /** UTC instants (`Date#toISOString` form); all-day: midnight of the date in floatingZone. */
  start: string;
  end: string;
  allDay: boolean;
  /** All-day only: first day and the day after the last (exclusive). */
  startDate: string | null;
  endDate: string | null;
  /** IANA zone of DTSTART ('UTC' for UTC times), null when floating or not an IANA zone. */
  timeZone: string | null;
  /** The VEVENT whose properties describe this instance (the override's when overridden). */
  component: ICAL.Component;
  isOverride: boolean;
}

export interface ExpandResult {
  instances: ExpandedInstance[];
  problems: IcsProblem[];
  /**
   * Series whose instances were cut: at maxInstancesPerSeries ('max-instances'), or because
   * walking the rule took too long ('rule'), which no instance limit would change.
   */
  truncated: { uid: string; reason: string; cause: 'max-instances' | 'rule' }[];
}

export const DEFAULT_MAX_INSTANCES = 5000;
