/**
 * Expands a recurring master with the project's own recurrence code (src/domain/recurrence), as
 * the Google and Microsoft emulators do, so that emulator and service agree on recurrence by
 * construction. An EWS pattern and range (recurrence-patterns-and-ews.md) are written as one
 * RRULE on a one-event VCALENDAR in the item's zone and parsed back by the domain parser.
 */
import { DateTime } from 'luxon';
import { parseCalendar } from '../../src/domain/ical/parse-calendar.js';
import { expandSeries } from '../../src/domain/recurrence/expand-series.js';
import type { Recurrence, RecurrencePattern } from './types.js';
import { mustIana } from './zones.js';

export interface SeriesTiming {
  startMs: number;
  endMs: number;
  /** Windows zone id the series repeats in. */
  timeZone: string;
  isAllDay: boolean;
  recurrence: Recurrence;
}

/** One slot the pattern gives: its original start and the duration's end. */
export interface PatternSlot {
  originalStartMs: number;
  endMs: number;
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
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export function monthNumber(month: string | undefined): number {
  return MONTHS.indexOf((month ?? 'January').toLowerCase()) + 1 || 1;
}

function byDay(pattern: RecurrencePattern): string[] {
  return (pattern.daysOfWeek ?? []).flatMap((d) => {
    const key = d.toLowerCase();
    return DAY_GROUPS[key] ?? (DAYS[key] ? [DAYS[key]] : []);
  });
}

/** The RRULE a pattern and range stand for (the range's end date in the series' zone). */
export function rruleOf(series: SeriesTiming): string {
  const { pattern, range } = series.recurrence;
  const parts = [`FREQ=${frequency(pattern.type)}`];
  const interval = pattern.type.endsWith('Yearly') ? 1 : (pattern.interval ?? 1);
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  const days = byDay(pattern);
  const relative = pattern.type === 'RelativeMonthly' || pattern.type === 'RelativeYearly';
  if ((pattern.type === 'Weekly' || relative) && days.length) parts.push(`BYDAY=${days.join(',')}`);
  if (relative)
    parts.push(`BYSETPOS=${POSITIONS[(pattern.dayOfWeekIndex ?? 'First').toLowerCase()] ?? 1}`);
  if (pattern.type === 'AbsoluteMonthly' || pattern.type === 'AbsoluteYearly')
    parts.push(...monthDay(pattern.dayOfMonth ?? 1));
  if (pattern.type.endsWith('Yearly')) parts.push(`BYMONTH=${monthNumber(pattern.month)}`);
  if (pattern.type === 'Weekly')
    parts.push(`WKST=${DAYS[(pattern.firstDayOfWeek ?? 'Sunday').toLowerCase()] ?? 'SU'}`);
  if (range.type === 'Numbered') parts.push(`COUNT=${Math.max(1, range.numberOfOccurrences ?? 1)}`);
  if (range.type === 'EndDate' && range.endDate)
    parts.push(`UNTIL=${until(series, range.endDate)}`);
  return `RRULE:${parts.join(';')}`;
}

/**
 * DayOfMonth "larger than the number of days in the month" is that month's last day (DayOfMonth,
 * types.xsd): day 29 to 31 is the last of the days from 28 up to it that the month has.
 */
function monthDay(day: number): string[] {
  // Outside 29-31 as written: a day past 31 is no EWS value, and stays a rule that cannot be read.
  if (day <= 28 || day > 31) return [`BYMONTHDAY=${day}`];
  const days = Array.from({ length: day - 27 }, (_, i) => 28 + i);
  return [`BYMONTHDAY=${days.join(',')}`, 'BYSETPOS=-1'];
}

function frequency(type: RecurrencePattern['type']): string {
  if (type === 'Daily') return 'DAILY';
  if (type === 'Weekly') return 'WEEKLY';
  if (type.endsWith('Monthly')) return 'MONTHLY';
  return 'YEARLY';
}

/** EndDate is inclusive: occurrences may start until the end of that day. */
function until(series: SeriesTiming, endDate: string): string {
  if (series.isAllDay) return endDate.replaceAll('-', '');
  const last = DateTime.fromISO(endDate, { zone: mustIana(series.timeZone) }).endOf('day');
  return last.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/**
 * The pattern's slots from the series start up to `untilMs` (bounded series may end earlier),
 * at most `max`. Deleted and modified occurrences are applied by the caller.
 */
export function patternSlots(series: SeriesTiming, untilMs: number, max: number): PatternSlot[] {
  const zone = mustIana(series.timeZone);
  const parsed = parseCalendar(calendarText(series, zone));
  const master = parsed.series[0];
  if (!master) return [];
  const window = { from: new Date(series.startMs - 86_400_000), to: new Date(untilMs) };
  const result = expandSeries(master, window, {
    floatingZone: zone,
    maxInstancesPerSeries: max,
    // Exchange's first occurrence is the first day the pattern gives, not an off-pattern start.
    unmatchedDtstart: 'exclude',
  });
  return result.instances.map((instance) => ({
    originalStartMs: Date.parse(instance.start),
    endMs: Date.parse(instance.end),
  }));
}

function calendarText(series: SeriesTiming, zone: string): string {
  const line = (name: string, ms: number) => {
    const local = DateTime.fromMillis(ms, { zone });
    return series.isAllDay
      ? `${name};VALUE=DATE:${local.toFormat('yyyyMMdd')}`
      : `${name};TZID=${zone}:${local.toFormat("yyyyMMdd'T'HHmmss")}`;
  };
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//exchange-emulator//EN',
    'BEGIN:VEVENT',
    'UID:series',
    line('DTSTART', series.startMs),
    line('DTEND', series.endMs),
    rruleOf(series),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
