/**
 * The calendar dates a range of instants covers for someone in a time zone: what an all-day
 * event, which is on dates rather than between instants, is compared with when a list asks for
 * [from, to) (as Google Calendar lists all-day events in the viewer's zone).
 */
import { DateTime, IANAZone } from 'luxon';

/**
 * How far an all-day event's instants can be from the same dates' midnights in another zone: its
 * midnight is in its own zone, and wall clocks run from UTC-12 to UTC+14. An all-day event whose
 * dates overlap the dates a range covers for a viewer anywhere overlaps the range widened by this
 * much; and a provider that dates it in another zone than ours can see it end this much earlier.
 */
export const ZONE_SPREAD_MS = 26 * 3_600_000;

/** Whether `zone` is an IANA time-zone name this runtime knows (`UTC` included; no offsets). */
export function isIanaZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Calendar dates `YYYY-MM-DD`, `toDate` exclusive; a side the range leaves open is absent. */
export interface CoveredDates {
  fromDate?: string;
  toDate?: string;
}

/**
 * The local dates [from, to) covers in `zone`: from the date `from` falls on to the date of the
 * last millisecond before `to`, inclusive, given as [fromDate, toDate) with toDate the day after.
 * Instants are ISO-8601 strings; `zone` must be an IANA zone (see isIanaZone).
 */
export function datesCovered(range: { from?: string; to?: string }, zone: string): CoveredDates {
  const dates: CoveredDates = {};
  if (range.from !== undefined) dates.fromDate = localDate(Date.parse(range.from), zone);
  if (range.to !== undefined) {
    const lastDay = localDate(Date.parse(range.to) - 1, zone);
    // The next calendar date, whatever the zone's clocks do that night.
    const next = DateTime.fromISO(lastDay, { zone: 'UTC' }).plus({ days: 1 });
    dates.toDate = dateOf(next, range.to, zone);
  }
  return dates;
}

function localDate(instant: number, zone: string): string {
  return dateOf(DateTime.fromMillis(instant, { zone }), String(instant), zone);
}

function dateOf(time: DateTime, instant: string, zone: string): string {
  const date = time.toISODate();
  if (date === null) throw new RangeError(`no date for ${instant} in ${zone}`);
  return date;
}
