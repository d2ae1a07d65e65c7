/**
 * Reading tsdav's parsed answers. tsdav hands back loosely typed values (text, numbers it
 * converted, CDATA objects, raw bodies of failed requests) and marks a cut-short listing only by
 * a 507 among the responses; every guess about those shapes is made here, once.
 */
import type { DAVResponse } from 'tsdav';
import { ianaNameOf, resolveTzid } from '../../domain/ical/time-zones.js';
import { ProviderError } from '../provider.js';
import type { Listing } from './caldav-types.js';
import { isCollection, readHref } from './caldav-urls.js';

/** Whether a multistatus says it was cut short: a 507 response (the request-URI's). */
export function isTruncated(responses: DAVResponse[]): boolean {
  return responses.some((entry) => entry.status === 507);
}

/** A listing that stayed cut short: transient, since the server may answer whole later. */
export function truncatedListing(doing: string): ProviderError {
  return new ProviderError(
    'caldav',
    'transient',
    `the CalDAV server cut its answer short (507 Insufficient Storage) while ${doing}: ` +
      'nothing was taken as deleted, and the next run lists again',
  );
}

export function members(responses: DAVResponse[], calendarUrl: string): Listing {
  const out: Listing = { versions: [], malformed: [] };
  for (const entry of responses) {
    if (!entry.href || entry.status === 404 || entry.status === 507) continue;
    const href = readHref(entry.href, calendarUrl);
    if (href === null) out.malformed.push(entry.href);
    else if (!isCollection(href, calendarUrl))
      out.versions.push({ href, etag: textOf(entry.props?.getetag) });
  }
  return out;
}

/** The status and body of a request that failed as a whole (not a multistatus), or null. */
export function requestFailure(responses: DAVResponse[]): { status: number; body: string } | null {
  const first = responses[0];
  if (!first) return { status: 502, body: '' };
  const raw: unknown = first.raw;
  const isMultistatus =
    typeof raw === 'object' && raw !== null && 'multistatus' in (raw as Record<string, unknown>);
  if (isMultistatus) return null;
  if (first.ok && first.status < 300) return { status: 502, body: 'not a multistatus answer' };
  return { status: first.status, body: typeof raw === 'string' ? raw : JSON.stringify(raw ?? '') };
}

/** A property value as tsdav parsed it: text, a number it converted, or CDATA. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    const inner =
      (value as { _cdata?: unknown; _text?: unknown })._cdata ??
      (value as { _text?: unknown })._text;
    return typeof inner === 'string' && inner.trim() !== '' ? inner : null;
  }
  return null;
}

export function zoneOfCalendar(vtimezone: string | undefined): string | null {
  const tzid = vtimezone ? /^TZID:(.+)$/m.exec(vtimezone)?.[1]?.trim() : undefined;
  return tzid ? ianaNameOf(resolveTzid(tzid, null)) : null;
}
