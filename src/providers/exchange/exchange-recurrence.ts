/**
 * The slots of an EWS recurring master in a window. The EWS pattern and range
 * (recurrence-patterns-and-ews.md) are written as one RRULE on a one-event VCALENDAR in the
 * series' IANA zone, and expanded by the project's recurrence code (src/domain/recurrence).
 *
 * Why an RRULE rather than a series built from the pattern: every EWS pattern is a plain subset
 * of RFC 5545 (relative patterns are BYDAY with BYSETPOS, Weekday and WeekendDay are day lists),
 * so the translation is a table, while the expansion — local wall-clock times across DST, month
 * ends, COUNT and UNTIL, the window rule, caps on runaway rules — is already written and tested
 * once for ICS and CalDAV. The Exchange emulator expands the same way, so both agree by
 * construction. Deleted and modified occurrences are not written as EXDATEs or overrides: EWS
 * gives their original starts and actual times outright, so the caller removes those slots.
 *
 * A series whose zone has no name a table knows (`Customized Time Zone`, which Exchange gives
 * invitations from other clients) repeats in the zone its TimeZoneDefinition defines
 * (zoneOfDefinition, exchange-defined-zone.ts): the IANA zone that agrees with it, else a
 * DefinedZone, usable by luxon for the master's local times and written as a VTIMEZONE into the
 * same calendar for the expansion.
 */
import { DateTime } from 'luxon';
import { parseCalendar } from '../../domain/ical/parse-calendar.js';
import { expandSeries } from '../../domain/recurrence/expand-series.js';
import type { SyncWindow } from '../provider.js';
import { DEFINED_TZID, DefinedZone, type SeriesZone } from './exchange-defined-zone.js';
import type { EwsPattern, EwsRecurrence } from './exchange-wire.js';

export interface SeriesTiming {
  /** UTC instants of the master (its first occurrence). */
  start: string;
  end: string;
  isAllDay: boolean;
  /** IANA zone the series repeats in, or the zone its definition defines. */
  zone: SeriesZone;
  recurrence: EwsRecurrence;
}

/** One slot the pattern gives in the window. */
export interface PatternSlot {
  /** UTC `YYYY-MM-DDTHH:mm:ssZ`, or `YYYY-MM-DD` for all-day series. */
  recurrenceId: string;
  /** UTC instants (`Date#toISOString`). */
  start: string;
  end: string;
  /** All-day only. */
  startDate: string | null;
  endDate: string | null;
}

export interface SlotResult {
  slots: PatternSlot[];
  /** What kept the pattern from being read or expanded: `slots` may then lack instances. */
  problems: string[];
  /** Notes on an expansion cut short by its limits (the slots listed are right). */
  truncated: string[];
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
const DAY_GROUPS: Record<string, string[]> = {
  day: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'],
  weekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
  weekendday: ['SA', 'SU'],
};
const POSITIONS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

/** The RRULE value (without `RRULE:`) an EWS pattern and range stand for. */
export function rruleOf(series: SeriesTiming): string {
  const { pattern, range } = series.recurrence;
  const parts = [`FREQ=${frequency(pattern.type)}`];
  const yearly = pattern.type.endsWith('Yearly');
  const interval = yearly ? 1 : Math.max(1, pattern.interval);
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  const days = byDay(pattern);
  const relative = pattern.type === 'RelativeMonthly' || pattern.type === 'RelativeYearly';
  if ((pattern.type === 'Weekly' || relative) && days.length) parts.push(`BYDAY=${days.join(',')}`);
  if (relative)
    parts.push(`BYSETPOS=${POSITIONS[(pattern.dayOfWeekIndex ?? 'First').toLowerCase()] ?? 1}`);
  if (pattern.type === 'AbsoluteMonthly' || pattern.type === 'AbsoluteYearly')
    parts.push(...monthDay(pattern.dayOfMonth ?? 1));
  if (yearly) parts.push(`BYMONTH=${pattern.month ?? 1}`);
  if (pattern.type === 'Weekly')
    parts.push(`WKST=${DAYS[(pattern.firstDayOfWeek ?? 'Sunday').toLowerCase()] ?? 'SU'}`);
  if (range.type === 'Numbered') parts.push(`COUNT=${Math.max(1, range.numberOfOccurrences ?? 1)}`);
  if (range.type === 'EndDate' && range.endDate)
    parts.push(`UNTIL=${until(series, range.endDate)}`);
  return parts.join(';');
}

/**
 * An absolute pattern's day: EWS's DayOfMonth "larger than the number of days in the month" means
 * "the last day of the month" (DayOfMonth, types.xsd), where BYMONTHDAY alone skips that month.
 * Day 29 to 31 is the last of the days from 28 up to it that the month has.
 */
function monthDay(day: number): string[] {
  // Outside 29-31 as written: a day past 31 is no EWS value, and stays a rule that cannot be read.
  if (day <= 28 || day > 31) return [`BYMONTHDAY=${day}`];
  const days = Array.from({ length: day - 27 }, (_, i) => 28 + i);
  return [`BYMONTHDAY=${days.join(',')}`, 'BYSETPOS=-1'];
}

function frequency(type: EwsPattern['type']): string {
  if (type === 'Daily') return 'DAILY';
  if (type === 'Weekly') return 'WEEKLY';
  if (type.endsWith('Monthly')) return 'MONTHLY';
  return 'YEARLY';
}

function byDay(pattern: EwsPattern): string[] {
  return pattern.daysOfWeek.flatMap((d) => {
    const key = d.toLowerCase();
    return DAY_GROUPS[key] ?? (DAYS[key] ? [DAYS[key]] : []);
  });
}

/** EndDate is inclusive: occurrences may start until the end of that day in the series' zone. */
function until(series: SeriesTiming, endDate: string): string {
  if (series.isAllDay) return endDate.replaceAll('-', '');
  const last = DateTime.fromISO(endDate, { zone: series.zone }).endOf('day');
  return last.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/** The pattern's slots that the window lists (see expand-series.ts for the window rule). */
export function patternSlots(series: SeriesTiming, window: SyncWindow): SlotResult {
  const parsed = parseCalendar(calendarText(series));
  const problems = parsed.problems.map((p) => p.message);
  const master = parsed.series[0];
  if (!master)
    return { slots: [], problems: problems.length ? problems : ['no series'], truncated: [] };
  const defined = series.zone instanceof DefinedZone ? series.zone : null;
  const result = expandSeries(master, window, {
    // All-day slots of a defined zone start at midnight in it: set below.
    floatingZone: defined ? 'UTC' : (series.zone as string),
    // Exchange's first occurrence is the first day the pattern gives, not an off-pattern start.
    unmatchedDtstart: 'exclude',
  });
  problems.push(...result.problems.map((p) => p.message));
  const truncated = result.truncated.map((t) => t.reason);
  const slots = result.instances.map((instance) => ({
    recurrenceId: instance.recurrenceId ?? instance.start,
    start: defined && instance.startDate ? midnight(instance.startDate, defined) : instance.start,
    end: defined && instance.endDate ? midnight(instance.endDate, defined) : instance.end,
    startDate: instance.startDate,
    endDate: instance.endDate,
  }));
  return { slots, problems, truncated };
}

function midnight(date: string, zone: DefinedZone): string {
  return DateTime.fromISO(date, { zone }).toUTC().toJSDate().toISOString();
}

function calendarText(series: SeriesTiming): string {
  const defined = series.zone instanceof DefinedZone ? series.zone : null;
  const tzid = defined ? DEFINED_TZID : (series.zone as string);
  const line = (name: string, iso: string) => {
    const local = DateTime.fromISO(iso, { zone: series.zone });
    return series.isAllDay
      ? `${name};VALUE=DATE:${local.toFormat('yyyyMMdd')}`
      : `${name};TZID=${tzid}:${local.toFormat("yyyyMMdd'T'HHmmss")}`;
  };
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//exchange//EN',
    ...(defined?.vtimezone ?? []),
    'BEGIN:VEVENT',
    'UID:series',
    line('DTSTART', series.start),
    line('DTEND', series.end),
    `RRULE:${rruleOf(series)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
