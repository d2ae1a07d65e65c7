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
