/**
 * Time in Graph's shape: `{dateTime:"2026-03-02T09:00:00.0000000", timeZone}` with no offset, the
 * zone a Windows name (`W. Europe Standard Time`) or an IANA one. Zone names are resolved by the
 * domain's resolver (src/domain/ical/time-zones.ts), the same one the service maps with.
 */
import { DateTime } from 'luxon';
import { ianaNameOf, resolveTzid } from '../../src/domain/ical/time-zones.js';
import { invalidRequest } from './errors.js';
import type { GraphDateTimeZone } from './types.js';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;

/** The IANA zone a Graph zone name stands for, or null when it names none. */
export function ianaZone(name: string | undefined): string | null {
  if (!name) return null;
  return ianaNameOf(resolveTzid(name, null));
}

/** The instant a Graph date-time stands for; NaN when unreadable. */
export function instantOf(value: GraphDateTimeZone | undefined, fallbackZone = 'UTC'): number {
  if (!value?.dateTime) return NaN;
  const text = value.dateTime.trim();
  if (/(Z|[+-]\d{2}:\d{2})$/i.test(text)) return Date.parse(text);
  if (!LOCAL.test(text)) return NaN;
  const zone = ianaZone(value.timeZone) ?? fallbackZone;
  const local = DateTime.fromISO(text.slice(0, 23), { zone });
  return local.isValid ? local.toMillis() : NaN;
}

/** `2026-03-02T09:00:00.0000000`: Graph's seven-digit fraction, no offset. */
export function graphLocal(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`;
}

/** An instant as Graph writes it in the zone a client asked for (the name echoed as given). */
export function inZone(ms: number, zone: { iana: string; name: string }): GraphDateTimeZone {
  return { dateTime: graphLocal(ms, zone.iana), timeZone: zone.name };
}

/** The date part of a Graph date-time (`2026-03-02`), for all-day events. */
export function datePart(value: GraphDateTimeZone): string {
  return value.dateTime.slice(0, 10);
}

/** Query instants (startDateTime, endDateTime): ISO 8601, with or without offset (then UTC). */
export function parseQueryInstant(value: string | null, name: string): number {
  if (!value) throw invalidRequest(`The parameter '${name}' is missing.`);
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw invalidRequest(`The value '${value}' of '${name}' is not valid.`);
  return ms;
}

/** createdDateTime and friends: UTC with seven fraction digits and Z. */
export function graphInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.0000000Z`;
}

/** originalStart as Graph writes it: `2026-03-02T09:00:00Z`. */
export function originalStartText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
