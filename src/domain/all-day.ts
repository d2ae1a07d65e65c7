/**
 * All-day events as the store keeps them: the day's local midnight in the calendar's zone as a
 * UTC instant, and the end date, exclusive. Google and Graph send a `YYYY-MM-DD` date; reading it
 * through the zone clock recurrence expansion keeps is several times cheaper than a luxon
 * DateTime per date (each all-day event of a sync needs two). Anything else is left to luxon,
 * so that the answers stay luxon's (`all-day.test.ts` compares them in every zone).
 */
import { DateTime, IANAZone } from 'luxon';
import {
  dayNumber,
  daysInMonth,
  formatDate,
  isoInstant,
  SECONDS_PER_DAY,
} from './recurrence/civil.js';
import { ianaClock, type ZoneClock } from './recurrence/zone-clock.js';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The UTC instant of `date`'s first moment in `zone` (UTC when the zone is unknown); null if not
 * a date. Near a change of offset luxon answers, so that an ambiguous midnight (Havana's clocks go
 * back from 01:00 to 00:00) resolves as luxon always did.
 */
export function localMidnight(date: string, zone: string): string | null {
  const day = plainDay(date);
  if (day === null) return luxonMidnight(date, zone);
  const clock = ianaClock(IANAZone.isValidZone(zone) ? zone : 'UTC');
  const utc = clock.toUtc(day * SECONDS_PER_DAY);
  if (offsetAt(clock, utc - DAY_MS) !== offsetAt(clock, utc + DAY_MS))
    return luxonMidnight(date, zone);
  return isoInstant(utc);
}

/** The date after `date` (`YYYY-MM-DD`); `date` itself when it is not a date. */
export function dayAfter(date: string): string {
  const day = plainDay(date);
  if (day === null)
    return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? date;
  return formatDate(day + 1);
}

const DAY_MS = SECONDS_PER_DAY * 1000;

/** The zone's offset at a UTC instant, in seconds. */
function offsetAt(clock: ZoneClock, utcMs: number): number {
  return clock.toLocal(utcMs) - Math.floor(utcMs / 1000);
}

/** The day number of a valid `YYYY-MM-DD` date in years 1000-9998, else null (luxon's to read). */
function plainDay(date: string): number | null {
  const match = PLAIN_DATE.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (
    year < 1000 ||
    year > 9998 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  )
    return null;
  return dayNumber(year, month, day);
}

function luxonMidnight(date: string, zone: string): string | null {
  const local = DateTime.fromISO(date, { zone });
  const valid = local.isValid ? local : DateTime.fromISO(date, { zone: 'UTC' });
  return valid.isValid ? valid.toUTC().toJSDate().toISOString() : null;
}
