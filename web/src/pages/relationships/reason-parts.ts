/**
 * A relationship reason written from its parts (the API's `reasonParts`): its dates as the
 * dashboard writes dates, in the viewer's zone, and its day counts up to the page's now (or, for
 * a stage history entry, up to the entry's `since`). The rule, the API's and the server's
 * (src/domain/relationships/reason-parts.ts):
 * - a count that sits beside a calendar date (`daysSince`, `daysAgo`) is calendar days in the
 *   viewer's zone, from the instant's date to the date of now, so that it agrees with the date
 *   written beside it; never fewer than the whole 24-hour periods the stage thresholds count
 *   (those run ahead of the calendar only in the hour after a clock goes back);
 * - a count compared with a threshold and beside no date (`elapsedSince`, `days`) is whole
 *   24-hour periods, or a tenth of a day rounded up when whole days would not be more than the
 *   figure its words say it exceeds.
 */
import type { ReasonPart } from '../../api/relationships';
import { localDateOf } from '../../lib/dates';
import { formatDate, plural } from '../../lib/format';

const DAY_MS = 86_400_000;

export interface ReasonClock {
  /** The instant counts run to (ms). */
  now: number;
  timeZone: string;
  locale?: string;
}

/** Days between two calendar dates (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The count beside a date: calendar days in the zone, at least the whole 24-hour periods. */
export function calendarDaysSince(instant: number, now: number, timeZone: string): number {
  const calendar = daysBetween(localDateOf(instant, timeZone), localDateOf(now, timeZone));
  return Math.max(calendar, Math.floor((now - instant) / DAY_MS));
}

/** Whole days, unless they would not exceed `moreThan`: then tenths, rounded up. */
function daysMoreThan(days: number, moreThan: number): number {
  const whole = Math.floor(days);
  return whole > moreThan ? whole : Math.ceil(days * 10) / 10;
}

function partText(part: ReasonPart, clock: ReasonClock): string {
  const { now, timeZone, locale } = clock;
  const date = (iso: string) => formatDate(iso, timeZone, locale);
  if ('text' in part) return part.text;
  if ('date' in part) return date(part.date);
  if ('daysSince' in part)
    return plural(calendarDaysSince(Date.parse(part.daysSince), now, timeZone), 'day');
  if ('daysAgo' in part) {
    const days = calendarDaysSince(Date.parse(part.daysAgo), countedTo(part, now), timeZone);
    return days === 0
      ? `on ${date(part.daysAgo)}`
      : `${plural(days, 'day')} ago (${date(part.daysAgo)})`;
  }
  if ('elapsedSince' in part)
    return plural(
      daysMoreThan((countedTo(part, now) - Date.parse(part.elapsedSince)) / DAY_MS, part.moreThan),
      'day',
    );
  return String(daysMoreThan(part.days, part.moreThan));
}

/** Where a count read at `now` stops: just before the part's `until`, when that came first. */
function countedTo(part: { until?: string }, now: number): number {
  return part.until === undefined ? now : Math.min(now, Date.parse(part.until) - 1);
}

/** The reason, its parts written for the viewer at `clock.now`. */
export function writeReason(parts: readonly ReasonPart[], clock: ReasonClock): string {
  return parts.map((part) => partText(part, clock)).join('');
}
