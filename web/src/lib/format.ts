/** Dates, times and numbers as people read them, in the user's time zone. */
import type { LocalDate } from './dates';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string | undefined,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? '', timeZone, options]);
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, cached);
  }
  return cached;
}

const DATE: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
};
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

function toDate(instant: string | number): Date {
  return new Date(typeof instant === 'number' ? instant : Date.parse(instant));
}

export function formatDate(instant: string | number, timeZone: string, locale?: string): string {
  return formatter(locale, timeZone, DATE).format(toDate(instant));
}

export function formatTime(instant: string | number, timeZone: string, locale?: string): string {
  return formatter(locale, timeZone, TIME).format(toDate(instant));
}

export function formatDateTime(
  instant: string | number,
  timeZone: string,
  locale?: string,
): string {
  return formatter(locale, timeZone, { ...DATE, ...TIME }).format(toDate(instant));
}

/** `Mon, 2 Mar 2026, 10:00–11:00`, or both ends in full when they fall on different days. */
export function formatTimeRange(
  start: string,
  end: string,
  timeZone: string,
  locale?: string,
): string {
  const startDay = formatDate(start, timeZone, locale);
  const endDay = formatDate(end, timeZone, locale);
  if (startDay === endDay) {
    return `${startDay}, ${formatTime(start, timeZone, locale)}–${formatTime(end, timeZone, locale)}`;
  }
  return `${formatDateTime(start, timeZone, locale)} – ${formatDateTime(end, timeZone, locale)}`;
}

/** Only the times, for a list already grouped by day. */
export function formatClockRange(
  start: string,
  end: string,
  timeZone: string,
  locale?: string,
): string {
  return `${formatTime(start, timeZone, locale)}–${formatTime(end, timeZone, locale)}`;
}

/** A calendar date in words (`Monday 2 March 2026`); the date has no zone, so UTC is exact. */
export function formatLocalDate(date: LocalDate, locale?: string): string {
  return formatter(locale, 'UTC', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** `2026-03` as `Mar 2026`. */
export function formatMonth(month: string, locale?: string): string {
  return formatter(locale, 'UTC', { month: 'short', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/**
 * A fraction as the whole percentage it reaches, rounded down: 0.896 is 89%, as the meetings
 * page's "90% or more" filter (confidence >= 0.9) leaves it out; rounded, it read 90% there.
 * The step past the floor compares as the filter does (k / 100), so float noise (0.57 * 100 is
 * 56.99...) does not take a point off.
 */
export function formatPercent(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  let whole = Math.floor(clamped * 100);
  if (whole < 100 && clamped >= (whole + 1) / 100) whole += 1;
  else if (whole > 0 && clamped < whole / 100) whole -= 1;
  return `${whole}%`;
}

export function formatOptional(
  instant: string | null | undefined,
  timeZone: string,
  empty = '—',
): string {
  return instant ? formatDateTime(instant, timeZone) : empty;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
