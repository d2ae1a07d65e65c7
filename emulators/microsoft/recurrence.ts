/**
 * Expands a series master with the project's own recurrence code (src/domain/recurrence), as the
 * Google emulator does, so the emulator and the service agree on recurrence by construction.
 * Graph describes a series as a pattern and a range (resources/patternedrecurrence); they are
 * written as one RRULE on a one-event VCALENDAR and parsed back by the domain parser.
 */
import { DateTime } from 'luxon';
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandSeries } from '../../src/domain/recurrence/expand-series.js';
import type { GraphRecurrence, WeekIndex } from './types.js';

export interface SeriesTiming {
  startMs: number;
  endMs: number;
  /** IANA zone the series repeats in. */
  zone: string;
  allDay: boolean;
  recurrence: GraphRecurrence;
}

export interface Occurrence {
  /** UTC ms of the start the rule gives (all-day: midnight of the date in the series' zone). */
  originalStartMs: number;
  startMs: number;
  endMs: number;
}

export interface Expansion {
  occurrences: Occurrence[];
  /** False for `noEnd`: the series runs past any horizon. */
  bounded: boolean;
}

const DAYS: Record<string, string> = {
  sunday: 'SU',
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
};

const POSITIONS: Record<WeekIndex, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
/** Bounded series are expanded this far past their start at most (COUNT/UNTIL end them earlier). */
const BOUNDED_SPAN_MS = 100 * 366 * 86_400_000;

/** The RRULE a pattern and range stand for (the range's end in the series' zone). */
export function rruleOf(recurrence: GraphRecurrence, zone: string, allDay: boolean): string {
  const { pattern, range } = recurrence;
  const parts = [`FREQ=${frequency(pattern.type)}`];
  if ((pattern.interval ?? 1) > 1) parts.push(`INTERVAL=${pattern.interval}`);
  const days = (pattern.daysOfWeek ?? []).map((d) => DAYS[d.toLowerCase()]).filter(Boolean);
  const relative = pattern.type === 'relativeMonthly' || pattern.type === 'relativeYearly';
  if ((pattern.type === 'weekly' || relative) && days.length) parts.push(`BYDAY=${days.join(',')}`);
  if (relative) parts.push(`BYSETPOS=${POSITIONS[pattern.index ?? 'first']}`);
  if (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly')
    parts.push(`BYMONTHDAY=${pattern.dayOfMonth ?? 1}`);
  if (pattern.type === 'absoluteYearly' || pattern.type === 'relativeYearly')
    parts.push(`BYMONTH=${pattern.month ?? 1}`);
  if (pattern.type === 'weekly')
    parts.push(`WKST=${DAYS[(pattern.firstDayOfWeek ?? 'sunday').toLowerCase()] ?? 'SU'}`);
  if (range.type === 'numbered') parts.push(`COUNT=${Math.max(1, range.numberOfOccurrences ?? 1)}`);
  if (range.type === 'endDate' && range.endDate)
    parts.push(`UNTIL=${until(range.endDate, zone, allDay)}`);
  return `RRULE:${parts.join(';')}`;
}

function frequency(type: GraphRecurrence['pattern']['type']): string {
  if (type === 'daily') return 'DAILY';
  if (type === 'weekly') return 'WEEKLY';
  if (type === 'absoluteMonthly' || type === 'relativeMonthly') return 'MONTHLY';
  return 'YEARLY';
}

/** The range's end date is inclusive: the series may run until the end of that day. */
function until(endDate: string, zone: string, allDay: boolean): string {
  if (allDay) return endDate.replaceAll('-', '');
  const last = DateTime.fromISO(endDate, { zone }).endOf('day').toUTC();
  return last.toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** Every occurrence up to the horizon (bounded series: all of them, up to maxInstances). */
export function expandRecurrence(
  series: SeriesTiming,
  horizonMs: number,
  maxInstances: number,
): Expansion {
  const bounded = series.recurrence.range.type !== 'noEnd';
  const rule = rruleOf(series.recurrence, series.zone, series.allDay);
  const parsed = parseCalendar(calendarText(series, rule));
  const master = parsed.series[0];
  if (!master) return { occurrences: [], bounded };
  const window = {
    from: new Date(series.startMs - 86_400_000),
    to: new Date(bounded ? series.startMs + BOUNDED_SPAN_MS : horizonMs),
  };
  const result = expandSeries(master, window, {
    floatingZone: series.zone,
    maxInstancesPerSeries: maxInstances,
    // Outlook's first occurrence is the first day the pattern gives, not a start off-pattern.
    unmatchedDtstart: 'exclude',
  });
  const occurrences = result.instances.map((instance) => ({
    originalStartMs: Date.parse(instance.recurrenceId ?? instance.start),
    startMs: Date.parse(instance.start),
    endMs: Date.parse(instance.end),
  }));
  // All-day recurrence ids are dates: their original start is midnight in the series' zone.
  if (series.allDay)
    for (const [i, instance] of result.instances.entries())
      occurrences[i]!.originalStartMs = Date.parse(instance.start);
  return { occurrences, bounded };
}

function calendarText(series: SeriesTiming, rule: string): string {
  const line = (name: string, ms: number) =>
    series.allDay
      ? `${name};VALUE=DATE:${DateTime.fromMillis(ms, { zone: series.zone }).toFormat('yyyyMMdd')}`
      : `${name};TZID=${series.zone}:${DateTime.fromMillis(ms, { zone: series.zone }).toFormat("yyyyMMdd'T'HHmmss")}`;
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//microsoft-emulator//EN',
    'BEGIN:VEVENT',
    'UID:series',
    line('DTSTART', series.startMs),
    line('DTEND', series.endMs),
    rule,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
