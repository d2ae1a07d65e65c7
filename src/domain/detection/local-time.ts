/**
 * The local hour and weekday of an instant, which detection reads from every event: `Intl` once
 * per zone and UTC hour, arithmetic after that.
 */

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The local hour and weekday of an instant in a zone (UTC when the zone is unknown or invalid).
 * The zone's UTC offset at each UTC hour is kept once found, when it is the same at the hour's
 * first and last millisecond (so no transition falls inside it: Lord Howe's and St John's fall on
 * a half hour); the hour and weekday then follow from the offset by arithmetic, as `Intl` would
 * give them. An hour with a transition, and instants outside 1900-2200, ask `Intl` each time.
 */
export function localTime(
  instant: string,
  zone: string | null,
): { hour: number; weekday: number } | null {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return null;
  let offset: number | null;
  try {
    offset = offsetAt(zone ?? 'UTC', time);
  } catch {
    return localTimeUncached(instant, null);
  }
  if (offset === null) return localTimeUncached(instant, zone);
  const local = time + offset;
  const day = Math.floor(local / DAY_MS);
  const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
  // 1970-01-01 was a Thursday (4); Monday is 1 and Sunday 7.
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return { hour, weekday };
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

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CACHED_FROM = Date.UTC(1900, 0, 1);
const CACHED_UNTIL = Date.UTC(2200, 0, 1);

/**
 * Per zone, UTC hour (ms since the epoch / 1 h) -> the zone's offset in ms through that hour, or
 * NaN when it changes within the hour. Cleared when it holds OFFSET_CACHE_LIMIT hours in all.
 */
const OFFSETS = new Map<string, Map<number, number>>();
let offsetEntries = 0;
export const OFFSET_CACHE_LIMIT = 10_000;

/** Empties the offset cache (for tests). */
export function clearOffsetCache(): void {
  OFFSETS.clear();
  offsetEntries = 0;
}

/** The zone's UTC offset through the UTC hour of `time`, or null when not cached; throws for an invalid zone. */
function offsetAt(zone: string, time: number): number | null {
  if (time < CACHED_FROM || time >= CACHED_UNTIL) return null;
  const hourIndex = Math.floor(time / HOUR_MS);
  let hours = OFFSETS.get(zone);
  let offset = hours?.get(hourIndex);
  if (offset === undefined) {
    const start = hourIndex * HOUR_MS;
    const first = offsetOf(zone, start);
    const last = offsetOf(zone, start + HOUR_MS - 1);
    offset = first === last ? first : Number.NaN;
    if (offsetEntries >= OFFSET_CACHE_LIMIT) clearOffsetCache();
    hours = OFFSETS.get(zone);
    if (!hours) {
      hours = new Map();
      OFFSETS.set(zone, hours);
    }
    hours.set(hourIndex, offset);
    offsetEntries += 1;
  }
  return Number.isNaN(offset) ? null : offset;
}

/** Local wall-clock time minus UTC at `time`, in ms, to the second, as `Intl` formats it. */
function offsetOf(zone: string, time: number): number {
  const parts = wallClockFormatterFor(zone).formatToParts(new Date(time));
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 'NaN');
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(time / 1000) * 1000;
}

const WALL_CLOCK_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = WALL_CLOCK_FORMATTERS.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    WALL_CLOCK_FORMATTERS.set(zone, formatter);
  }
  return formatter;
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
