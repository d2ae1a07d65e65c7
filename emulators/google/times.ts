/** Time conversions between Google's `{date}` / `{dateTime, timeZone}` and instants. */
import { DateTime } from 'luxon';
import { invalidParameter } from './errors.js';
import type { GoogleEventDateTime } from './types.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An RFC 3339 query value as ms; the offset is mandatory for timeMin/timeMax/updatedMin. */
export function parseQueryInstant(value: string, name: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidParameter(`Invalid value for: ${name}`, name);
  return ms;
}

/** A zone luxon knows, else the fallback (a seed with a typo must not break every listing). */
export function validZone(zone: string | undefined, fallback: string): string {
  if (zone && DateTime.local().setZone(zone).isValid) return zone;
  return fallback;
}

/**
 * The instant a start or end stands for. A date is midnight in `zone` (Google reads all-day
 * events in the calendar's zone); a dateTime without offset is read in its own timeZone.
 */
export function instantOf(value: GoogleEventDateTime | undefined, zone: string): number {
  if (!value) return NaN;
  if (value.dateTime) {
    if (RFC3339.test(value.dateTime)) return Date.parse(value.dateTime);
    const local = DateTime.fromISO(value.dateTime, { zone: validZone(value.timeZone, zone) });
    return local.isValid ? local.toMillis() : NaN;
  }
  if (value.date && DATE.test(value.date)) {
    return DateTime.fromISO(value.date, { zone }).toMillis();
  }
  return NaN;
}

export function isAllDay(value: GoogleEventDateTime | undefined): boolean {
  return Boolean(value?.date) && !value?.dateTime;
}

/** RFC 3339 with the zone's offset and no milliseconds, as Google writes event times. */
export function formatInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** The wall clock of an instant in a zone, iCalendar basic form (`20260302T090000`). */
export function icsLocal(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyyMMdd'T'HHmmss");
}

/** `2026-03-02` -> `20260302`. */
export function icsDate(date: string): string {
  return date.replaceAll('-', '');
}

/**
 * The suffix Google gives an instance id: the original start in UTC basic form
 * (`20260302T090000Z`), or the date (`20260302`) for all-day series.
 */
export function instanceSuffix(recurrenceId: string): string {
  if (DATE.test(recurrenceId)) return icsDate(recurrenceId);
  return `${recurrenceId.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** The key an original start is known by: UTC `YYYY-MM-DDTHH:mm:ssZ`, or the date. */
export function originalKey(value: GoogleEventDateTime | undefined, zone: string): string | null {
  if (!value) return null;
  if (isAllDay(value)) return value.date ?? null;
  const ms = instantOf(value, zone);
  return Number.isNaN(ms) ? null : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `updated` and `created` as Google writes them: UTC with milliseconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
