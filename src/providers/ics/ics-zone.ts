/**
 * The zone an ICS calendar's floating times and all-day dates are read in. RFC 5545 §3.3.5: a
 * floating time is the same wall-clock time wherever its attendee is, so it is read in the
 * calendar's own zone (X-WR-TIMEZONE), else in the zone stored with the calendar (its owner's,
 * set when it was imported or subscribed), and in UTC only when neither is known.
 */
import { ianaNameOf, resolveTzid } from '../../domain/ical/time-zones.js';
import type { SyncIssue } from '../provider.js';

/** What the zone was read from: the calendar's X-WR-TIMEZONE, as written (null: none). */
export interface ZoneSource {
  defaultTimeZone: string | null;
}

/**
 * The IANA zone an X-WR-TIMEZONE (or a stored zone) names: IANA names and Outlook's Windows
 * names (`Eastern Standard Time`) alike; null for none, or for one no zone database knows.
 */
export function icsZoneNamed(name: string | null): string | null {
  const trimmed = name?.trim();
  return trimmed ? ianaNameOf(resolveTzid(trimmed, null)) : null;
}

/** The calendar's own zone (its X-WR-TIMEZONE) as an IANA name, or null. */
export function icsCalendarZone(calendar: ZoneSource): string | null {
  return icsZoneNamed(calendar.defaultTimeZone);
}

export interface FloatingZone {
  zone: string;
  /** An X-WR-TIMEZONE that names no known zone: said once per run, since the times may be off. */
  issue: SyncIssue | null;
}

/**
 * The zone to read floating times and all-day dates in: the calendar's own, else `storedZone`,
 * else `fallback`. An unknown own zone would otherwise drop every floating event silently.
 */
export function floatingZoneOf(
  calendar: ZoneSource,
  storedZone: string | null,
  fallback: string,
): FloatingZone {
  const own = icsCalendarZone(calendar);
  if (own) return { zone: own, issue: null };
  const zone = icsZoneNamed(storedZone) ?? fallback;
  const written = calendar.defaultTimeZone?.trim();
  const issue = written
    ? {
        message:
          `X-WR-TIMEZONE "${written}" is not a known time zone: floating times and all-day ` +
          `dates are read in ${zone}`,
        line: null,
        providerEventId: null,
      }
    : null;
  return { zone, issue };
}
