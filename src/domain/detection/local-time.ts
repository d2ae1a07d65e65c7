/**
 * The local hour and weekday of an instant, which detection reads from every event: arithmetic on
 * the zone's cached clock, not `Intl` per event.
 */
import { SECONDS_PER_DAY, weekdayOf } from '../recurrence/civil.js';
import { ianaClock } from '../recurrence/zone-clock.js';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The local hour and weekday of an instant in a zone, from the zone's clock that recurrence
 * expansion keeps (`ianaClock`: offsets cached per UTC day, per hour on transition days), by
 * arithmetic on its local seconds, as `Intl` would give them. When the zone is missing or unknown,
 * the offset the time was written with (`writtenOffsetMinutes`) says the local time: a line with
 * "10:00+09:00" and no zone was written by someone for whom it was 10 in the morning. With
 * neither, UTC.
 */
export function localTime(
  instant: string,
  zone: string | null,
  writtenOffsetMinutes: number | null = null,
): { hour: number; weekday: number } | null {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return null;
  const local = localSecondsIn(zone, time, writtenOffsetMinutes);
  const day = Math.floor(local / SECONDS_PER_DAY);
  const hour = Math.floor((local - day * SECONDS_PER_DAY) / 3600);
  return { hour, weekday: weekdayOf(day) + 1 };
}

/** An unknown zone has no offsets (luxon answers NaN): read as if there were none. */
function localSecondsIn(zone: string | null, time: number, offsetMinutes: number | null): number {
  const local = zone ? ianaClock(zone).toLocal(time) : Number.NaN;
  if (!Number.isNaN(local)) return local;
  return Math.floor(time / 1000) + (offsetMinutes ?? 0) * 60;
}

/** `localTime` asking `Intl` every time: what the cached offsets must reproduce. */
export function localTimeUncached(
  instant: string,
  zone: string | null,
): { hour: number; weekday: number } | null {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return null;
  try {
    const parts = formatterFor(zone ?? 'UTC').formatToParts(date);
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 'NaN');
    const weekday = WEEKDAYS[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 0;
    return Number.isNaN(hour) ? null : { hour, weekday };
  } catch {
    return localTimeUncached(instant, null);
  }
}

/** Building an Intl formatter costs far more than using one: one per zone, kept. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = FORMATTERS.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hour: 'numeric',
      hourCycle: 'h23',
      weekday: 'short',
    });
    FORMATTERS.set(zone, formatter);
  }
  return formatter;
}
