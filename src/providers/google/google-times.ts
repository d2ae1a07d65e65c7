/**
 * Google's event times to stored UTC strings, shaped for the sync's hot path. A profile of a
 * 100,000-event sync spent ~0.25 s in `Date.parse` + `toISOString` and ~0.25 s in luxon for
 * all-day events, so the common shapes are read by hand and zone lookups are memoized; anything
 * unusual still goes through the original code, which defines the results.
 */
import { DateTime } from 'luxon';

/** Google writes RFC 3339 with an offset; stored instants are UTC `toISOString()` strings. */
export function instant(value: string | null | undefined): string | null {
  if (!value) return null;
  return plainRfc3339ToIso(value) ?? parsedInstant(value);
}

/**
 * The UTC instant of `date`'s midnight in `zone` (UTC when the zone is unknown), or null when
 * `date` is not a date. Each (zone, date) pair goes through luxon once: a sync sees a few zones
 * and some 1,500 distinct dates, and luxon's zone arithmetic was the cost of all-day events.
 */
export function midnight(date: string, zone: string): string | null {
  let dates = midnightCache.get(zone);
  if (!dates) {
    dates = new Map();
    midnightCache.set(zone, dates);
  }
  let result = dates.get(date);
  if (result === undefined) {
    if (++midnightCacheSize > MIDNIGHT_CACHE_LIMIT) clearMidnightCache(zone, dates);
    result = luxonMidnight(date, zone);
    dates.set(date, result);
  }
  return result;
}

/** The day after a `YYYY-MM-DD` date; luxon reads any other shape (and returns it unchanged if bad). */
export function nextDay(date: string): string {
  return plainNextDay(date) ?? luxonNextDay(date);
}

const MIDNIGHT_CACHE_LIMIT = 4096;
const midnightCache = new Map<string, Map<string, string | null>>();
let midnightCacheSize = 0;

/** Bounds memory for a long-lived process that sees unbounded dates; keeps the current zone's map. */
function clearMidnightCache(zone: string, dates: Map<string, string | null>): void {
  midnightCache.clear();
  dates.clear();
  midnightCache.set(zone, dates);
  midnightCacheSize = 1;
}

function parsedInstant(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function luxonMidnight(date: string, zone: string): string | null {
  const local = DateTime.fromISO(date, { zone });
  const valid = local.isValid ? local : DateTime.fromISO(date, { zone: 'UTC' });
  return valid.isValid ? valid.toUTC().toJSDate().toISOString() : null;
}

function luxonNextDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MINUTES_PER_DAY = 24 * 60;
const CHAR_0 = 48;
const CHAR_DOT = 46;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_COLON = 58;
const CHAR_T = 84;
const CHAR_Z = 90;

/**
 * `YYYY-MM-DDTHH:MM:SS[.s{1,3}](Z|±HH:MM)` with in-range fields, as `toISOString()` would write
 * it; null for any other string, which `Date.parse` then decides (it rolls Feb 30 over, reads
 * lowercase `t`/`z`, hour 24, more than three fraction digits, local times and more).
 */
function plainRfc3339ToIso(value: string): string | null {
  const date = plainDateAt(value);
  const localMinute = value.charCodeAt(10) === CHAR_T ? plainMinuteOfDayAt(value, 11) : -1;
  const fraction = fractionLength(value);
  if (!date || localMinute < 0 || fraction < 0) return null;
  const offset = offsetMinutes(value, fraction === 0 ? 19 : 20 + fraction);
  if (Number.isNaN(offset)) return null;
  const utcMinute = localMinute - offset;
  const dayShift = utcMinute < 0 ? -1 : utcMinute >= MINUTES_PER_DAY ? 1 : 0;
  const utcDate = dayShift === 0 ? value.slice(0, 10) : isoDate(shiftedDate(date, dayShift));
  if (utcDate === null) return null;
  const minuteOfDay = utcMinute - dayShift * MINUTES_PER_DAY;
  const clock = `${twoDigits(Math.floor(minuteOfDay / 60))}:${twoDigits(minuteOfDay % 60)}`;
  const millis = value.slice(20, 20 + fraction).padEnd(3, '0');
  return `${utcDate}T${clock}:${value.slice(17, 19)}.${millis}Z`;
}

/** `HH:MM:SS` at `at` with hour < 24 and minute, second < 60: the minute of the day, else -1. */
function plainMinuteOfDayAt(value: string, at: number): number {
  if (value.charCodeAt(at + 2) !== CHAR_COLON || value.charCodeAt(at + 5) !== CHAR_COLON) return -1;
  const hour = digitsAt(value, at, 2);
  const minute = digitsAt(value, at + 3, 2);
  const second = digitsAt(value, at + 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1;
  return hour * 60 + minute;
}

/**
 * How many fraction digits follow a `.` at position 19 (0 without a dot); -1 for a bare dot or
 * more than three digits, whose rounding is the engine's to decide.
 */
function fractionLength(value: string): number {
  if (value.charCodeAt(19) !== CHAR_DOT) return 0;
  let end = 20;
  while (end < value.length && isDigit(value.charCodeAt(end))) end++;
  const length = end - 20;
  return length >= 1 && length <= 3 ? length : -1;
}

/** Minutes east of UTC for `Z` or `±HH:MM` ending the string at `at`; NaN otherwise. */
function offsetMinutes(value: string, at: number): number {
  const sign = value.charCodeAt(at);
  if (sign === CHAR_Z) return at + 1 === value.length ? 0 : NaN;
  if ((sign !== CHAR_PLUS && sign !== CHAR_MINUS) || at + 6 !== value.length) return NaN;
  if (value.charCodeAt(at + 3) !== CHAR_COLON) return NaN;
  const hours = digitsAt(value, at + 1, 2);
  const minutes = digitsAt(value, at + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return (sign === CHAR_PLUS ? 1 : -1) * (hours * 60 + minutes);
}

/** `YYYY-MM-DD` starting the string, naming a real day; null otherwise. */
function plainDateAt(value: string): CalendarDate | null {
  if (value.charCodeAt(4) !== CHAR_MINUS || value.charCodeAt(7) !== CHAR_MINUS) return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return null;
  return day <= daysInMonth(year, month) ? { year, month, day } : null;
}

function plainNextDay(value: string): string | null {
  const date = value.length === 10 ? plainDateAt(value) : null;
  return date && isoDate(shiftedDate(date, 1));
}

function shiftedDate({ year, month, day }: CalendarDate, days: 1 | -1): CalendarDate {
  if (days === 1) {
    if (day < daysInMonth(year, month)) return { year, month, day: day + 1 };
    return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
  }
  if (day > 1) return { year, month, day: day - 1 };
  if (month === 1) return { year: year - 1, month: 12, day: 31 };
  return { year, month: month - 1, day: daysInMonth(year, month - 1) };
}

/** `YYYY-MM-DD` for years 0000–9999; null beyond, where the writers switch to `±YYYYYY`. */
function isoDate({ year, month, day }: CalendarDate): string | null {
  if (year < 0 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The number written by `length` digits at `at`, or -1 if any of them is not a digit. */
function digitsAt(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const code = value.charCodeAt(i);
    if (!isDigit(code)) return -1;
    n = n * 10 + (code - CHAR_0);
  }
  return n;
}

function isDigit(code: number): boolean {
  return code >= CHAR_0 && code <= CHAR_0 + 9;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
