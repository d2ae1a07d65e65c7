/**
 * Windows time zones, as EWS names them, and the IANA zones they stand for (windows-iana, the
 * same table src/domain/ical/time-zones.ts reads). An unknown Windows id is refused at seed time
 * rather than silently read as UTC.
 */
import { DateTime } from 'luxon';
import { findIana } from 'windows-iana';

export function ianaOf(windowsId: string): string | null {
  if (windowsId === 'UTC') return 'UTC';
  return findIana(windowsId)[0] ?? null;
}

export function mustIana(windowsId: string): string {
  const zone = ianaOf(windowsId);
  if (!zone) throw new Error(`unknown Windows time zone "${windowsId}"`);
  return zone;
}

/** The zone's standard offset as an xs:duration bias (minutes west of UTC, as Windows counts). */
export function standardBias(windowsId: string): string {
  const zone = mustIana(windowsId);
  const year = DateTime.now().year;
  const offsets = [1, 7].map((month) => DateTime.fromObject({ year, month }, { zone }).offset);
  const minutes = -Math.min(...offsets);
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `${sign}PT${hours ? `${hours}H` : ''}${rest || !hours ? `${rest}M` : ''}`;
}

/** One yearly change of offset as a RecurringDayTransition says it. */
export interface ZoneTransition {
  /** Local time of the change, in the time before it (`PT2H`). */
  timeOffset: string;
  month: number;
  dayOfWeek: string;
  /** 1-4, or -1 for the last such day of the month. */
  occurrence: number;
}

export interface YearlyRules {
  standardBias: string;
  daylightBias: string;
  toDaylight: ZoneTransition;
  toStandard: ZoneTransition;
}

/** The two changes of offset of `year` in a Windows zone, or null when it has none that year. */
export function yearlyRules(windowsId: string, year: number): YearlyRules | null {
  const zone = mustIana(windowsId);
  const changes: { ms: number; from: number; to: number }[] = [];
  const start = DateTime.fromObject({ year }, { zone: 'UTC' }).toMillis();
  const end = DateTime.fromObject({ year: year + 1 }, { zone: 'UTC' }).toMillis();
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  for (let ms = start; ms < end; ms += 3_600_000) {
    const from = offsetAt(ms);
    const to = offsetAt(ms + 3_600_000);
    if (from === to) continue;
    let at = ms;
    while (offsetAt(at) === from) at += 60_000;
    changes.push({ ms: at, from, to });
  }
  if (changes.length !== 2) return null;
  const [first, second] = changes as [(typeof changes)[0], (typeof changes)[0]];
  const daylight = first.to > first.from ? first : second;
  const standard = daylight === first ? second : first;
  return {
    standardBias: bias(-standard.to),
    daylightBias: bias(-daylight.to),
    toDaylight: transition(daylight),
    toStandard: transition(standard),
  };
}

function transition(change: { ms: number; from: number }): ZoneTransition {
  // The wall-clock time of the change in the offset before it, as Windows counts.
  const local = DateTime.fromMillis(change.ms + change.from * 60_000, { zone: 'UTC' });
  const minutes = local.hour * 60 + local.minute;
  const last = local.day + 7 > (local.daysInMonth ?? 31);
  return {
    timeOffset: bias(minutes),
    month: local.month,
    dayOfWeek: local.setLocale('en-US').toFormat('cccc'),
    occurrence: last ? -1 : Math.ceil(local.day / 7),
  };
}

/** Minutes as an xs:duration (`-PT1H`, `PT2H30M`, `PT0M`). */
function bias(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `${sign}PT${hours ? `${hours}H` : ''}${rest || !hours ? `${rest}M` : ''}`;
}

/** `YYYY-MM-DD` of an instant in a Windows zone. */
export function localDate(ms: number, windowsId: string): string {
  return DateTime.fromMillis(ms, { zone: mustIana(windowsId) }).toISODate() ?? '';
}

/** An xs:date with the zone's offset on that day, as Exchange writes recurrence dates. */
export function xsDate(date: string, windowsId: string): string {
  const day = DateTime.fromISO(date, { zone: mustIana(windowsId) });
  const offset = day.offset;
  if (offset === 0) return `${date}Z`;
  return `${date}${day.toFormat('ZZ')}`;
}
