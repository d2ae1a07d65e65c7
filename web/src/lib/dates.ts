/**
 * Calendar dates and instants in a named time zone, with Intl only: a week or a day starts at
 * local midnight in the user's zone, whatever the browser's zone is.
 */

/** A calendar date, `YYYY-MM-DD`, with no time zone of its own. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone to show times in: the user's when it is one Intl knows, else the browser's. */
export function resolveTimeZone(preferred: string | null | undefined): string {
  if (preferred) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: preferred });
      return preferred;
    } catch {
      // An unknown zone name: fall back rather than fail every date on the page.
    }
  }
  return browserTimeZone();
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zonedParts(instant: number, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: (parts['hour'] ?? 0) % 24,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at this instant. */
function offsetMs(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function splitDate(date: LocalDate): [number, number, number] {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The calendar date an instant falls on in the zone. */
export function localDateOf(instant: number | string, timeZone: string): LocalDate {
  const at = typeof instant === 'number' ? instant : Date.parse(instant);
  const p = zonedParts(at, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = splitDate(date);
  const next = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** The first instant of the date in the zone (the first that exists, across a DST gap). */
export function startOfDay(date: LocalDate, timeZone: string): number {
  const [y, m, d] = splitDate(date);
  const wall = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess can differ from the one at the answer near a DST change.
  const guess = wall - offsetMs(wall, timeZone);
  const answer = wall - offsetMs(guess, timeZone);
  return localDateOf(answer, timeZone) === date ? answer : guess;
}

/** Monday of the week the date is in (weeks run Monday to Sunday). */
export function mondayOf(date: LocalDate): LocalDate {
  const [y, m, d] = splitDate(date);
  const sundayFirst = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((sundayFirst + 6) % 7));
}

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** The week (Monday to Sunday) `weeksAhead` weeks from the one the date is in. */
export function weekOf(date: LocalDate, weeksAhead = 0): DateRange {
  const monday = addDays(mondayOf(date), weeksAhead * 7);
  return { from: monday, to: addDays(monday, 6) };
}

/** The week (Monday to Sunday) `weeksAhead` weeks from the one `instant` falls in. */
export function weekRange(instant: number, timeZone: string, weeksAhead = 0): DateRange {
  return weekOf(localDateOf(instant, timeZone), weeksAhead);
}

/** `days` days starting with the date. */
export function daysFrom(date: LocalDate, days: number): DateRange {
  return { from: date, to: addDays(date, days - 1) };
}

/** `days` days starting with the one `instant` falls in. */
export function daysRange(instant: number, timeZone: string, days: number): DateRange {
  return daysFrom(localDateOf(instant, timeZone), days);
}

/** How long after `instant` the next date begins in the zone (its local midnight, or later). */
export function msUntilNextDay(instant: number, timeZone: string): number {
  return startOfDay(addDays(localDateOf(instant, timeZone), 1), timeZone) - instant;
}

/** The instants an inclusive date range covers: from the start of `from` to the end of `to`. */
export function rangeInstants(range: DateRange, timeZone: string): { from: string; to: string } {
  return {
    from: new Date(startOfDay(range.from, timeZone)).toISOString(),
    to: new Date(startOfDay(addDays(range.to, 1), timeZone)).toISOString(),
  };
}

/** Items grouped by the calendar date their start falls on, dates in order. */
export function groupByDay<T>(
  items: readonly T[],
  startOf: (item: T) => string,
  timeZone: string,
): { date: LocalDate; items: T[] }[] {
  const groups = new Map<LocalDate, T[]>();
  for (const item of items) {
    const date = localDateOf(startOf(item), timeZone);
    const list = groups.get(date);
    if (list) list.push(item);
    else groups.set(date, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, list]) => ({
      date,
      items: [...list].sort((a, b) => Date.parse(startOf(a)) - Date.parse(startOf(b))),
    }));
}
