/**
 * The contract's times: a date (YYYY-MM-DD, an all-day event) or an RFC 3339 date-time with an
 * offset, and the UTC instant each stands for. Starts and ends repeat across a file (meetings
 * begin on the hour and the half hour), so a time's instant is kept once worked out instead of
 * being parsed by `Date` three times per time (check, convert, and again for the next event).
 */
import { boundedMemo } from '../bounded-memo.js';

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Longer strings are worked out each time, so that odd input cannot fill the memo with them. */
const LONGEST_KEPT = 40;
export const INSTANT_MEMO_LIMIT = 10_000;

/** The UTC instant of a contract time, or null when it is not one. */
function instantOrNull(value: string): string | null {
  if (DATE_ONLY.test(value)) return isCalendarDate(value) ? `${value}T00:00:00.000Z` : null;
  if (!DATE_TIME.test(value) || !isCalendarDate(value) || !isClockTime(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** Two ASCII digits at `at` as a number (the regular expressions have checked they are digits). */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + (value.charCodeAt(at + 1) - 48);
}

/**
 * Whether the `YYYY-MM-DD` the value starts with names a day of the calendar. Date.parse does not
 * say: it rolls 30 February over to 2 March; date-only values are not parsed at all. Read from
 * the digits, as this runs for every time of every line.
 */
function isCalendarDate(value: string): boolean {
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** RFC 3339 has no hour 24, which Date.parse takes as the next day's midnight. */
function isClockTime(value: string): boolean {
  return twoDigits(value, 11) <= 23;
}

const keptInstant = boundedMemo(instantOrNull, INSTANT_MEMO_LIMIT);

/** The UTC instant (`…T…:…:….sssZ`) of a contract time, or null when it is not one. */
export function lineInstant(value: string): string | null {
  return value.length <= LONGEST_KEPT ? keptInstant(value) : instantOrNull(value);
}

const WRITTEN_OFFSET = /([+-])(\d{2}):?(\d{2})$/;

/**
 * The offset a date-time was written with, in minutes east of UTC; null for `Z`, for a date, and
 * for `-00:00` (RFC 3339: the local offset is unknown). `+00:00` is a written offset of 0.
 */
export function writtenOffsetMinutes(value: string): number | null {
  if (DATE_ONLY.test(value)) return null;
  const found = WRITTEN_OFFSET.exec(value);
  if (!found) return null;
  const [, sign, hours, minutes] = found;
  const size = Number(hours) * 60 + Number(minutes);
  if (sign === '-' && size === 0) return null;
  return sign === '-' ? -size : size;
}

/** Whether the value is a contract time (the schema's check). */
export function isLineTime(value: string): boolean {
  return lineInstant(value) !== null;
}

/** Empties the memo (for tests). */
export function clearInstantMemo(): void {
  keptInstant.clear();
}
