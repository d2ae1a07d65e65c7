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
 */
import { DateTime } from 'luxon';
import { parseCalendar } from '../../domain/ical/parse-calendar.js';
import { expandSeries } from '../../domain/recurrence/expand-series.js';
import type { SyncWindow } from '../provider.js';
import type { EwsPattern, EwsRecurrence } from './exchange-wire.js';

export interface SeriesTiming {
  /** UTC instants of the master (its first occurrence). */
  start: string;
  end: string;
  isAllDay: boolean;
  /** IANA zone the series repeats in. */
  zone: string;
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
  problems: string[];
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
    parts.push(`BYMONTHDAY=${pattern.dayOfMonth ?? 1}`);
  if (yearly) parts.push(`BYMONTH=${pattern.month ?? 1}`);
  if (pattern.type === 'Weekly')
    parts.push(`WKST=${DAYS[(pattern.firstDayOfWeek ?? 'Sunday').toLowerCase()] ?? 'SU'}`);
  if (range.type === 'Numbered') parts.push(`COUNT=${Math.max(1, range.numberOfOccurrences ?? 1)}`);
  if (range.type === 'EndDate' && range.endDate)
    parts.push(`UNTIL=${until(series, range.endDate)}`);
  return parts.join(';');
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
  if (!master) return { slots: [], problems };
  const result = expandSeries(master, window, {
    floatingZone: series.zone,
    // Exchange's first occurrence is the first day the pattern gives, not an off-pattern start.
    unmatchedDtstart: 'exclude',
  });
  problems.push(...result.problems.map((p) => p.message));
  problems.push(...result.truncated.map((t) => t.reason));
  const slots = result.instances.map((instance) => ({
    recurrenceId: instance.recurrenceId ?? instance.start,
    start: instance.start,
    end: instance.end,
    startDate: instance.startDate,
    endDate: instance.endDate,
  }));
  return { slots, problems };
}

function calendarText(series: SeriesTiming): string {
  const line = (name: string, iso: string) => {
    const local = DateTime.fromISO(iso, { zone: series.zone });
    return series.isAllDay
      ? `${name};VALUE=DATE:${local.toFormat('yyyyMMdd')}`
      : `${name};TZID=${series.zone}:${local.toFormat("yyyyMMdd'T'HHmmss")}`;
  };
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//exchange//EN',
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
