/**
 * The UIDs calintel makes up for VEVENTs that have none (some exporters write none; RFC 5545
 * requires one), and which of them name an event beyond the calendar it was read from.
 *
 * A made-up UID is made of what identifies the event, not of its place in the file: a name by
 * place handed a stored event (its meeting, its feedback) to another one as soon as an event was
 * added above it. Read with the calendar's source (MadeUpUids with `source`: a feed's URL, an
 * imported file's calendar label), the name is the same on every reading of that source, also
 * after its calendar was deleted and subscribed to or imported again, so the user's decisions
 * (meeting feedback, conflict decisions), which are kept by the meeting's identity and UID, find
 * the event again. Read without one (a CalDAV object, a check of a file), the name says nothing
 * beyond its calendar: two sources may well hold an event with the same start, summary and
 * organiser, so such a UID is known within its calendar only (isCalendarLocalUid).
 *
 * The trade-off of naming by content: editing the start, the summary or the organiser of an
 * event without a UID makes it another event (the old one is removed with what hung on it);
 * anything else edited updates the same one. Without a UID there is nothing better to go by.
 */
import { createHash } from 'node:crypto';
import type ICAL from 'ical.js';
import { firstProperty, firstText, parameter, values } from './jcal.js';

/**
 * Names the VEVENTs of one reading of a calendar that have no UID: a hash of the calendar's
 * source (when given), DTSTART (value and TZID), SUMMARY and ORGANIZER; the second and later
 * events with the same ones, in file order, add `-2`, `-3`... One instance per reading.
 */
export class MadeUpUids {
  private readonly seen = new Map<string, number>();
  private readonly formers = new Map<string, string>();

  /** `source`: what the calendar is read from (`feed:<url>`, `file:<label>`), null if unknown. */
  constructor(private readonly source: string | null = null) {}

  next(event: ICAL.Component): string {
    const start = firstProperty(event, 'dtstart');
    const content = [
      start ? values(start) : null,
      start ? parameter(start, 'tzid') : null,
      firstText(event, 'summary'),
      firstText(event, 'organizer')?.toLowerCase() ?? null,
    ];
    const name = this.name('missing-uid', content);
    if (this.source === null) return name;
    const sourced = this.name('missing-uid-src', [this.source, ...content]);
    this.formers.set(sourced, name);
    return sourced;
  }

  /**
   * The name the event called `uid` had before 697e9d8 gave names a source (`missing-uid-<hash>`,
   * with its own -2, -3...), taken once: the store carries the user's decisions on a row stored
   * under it over to the renamed one (store/renamed-events.ts). Remove with that.
   */
  takeFormer(uid: string): string | undefined {
    const former = this.formers.get(uid);
    this.formers.delete(uid);
    return former;
  }

  private name(prefix: string, basis: unknown[]): string {
    const hash = createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 16);
    const occurrence = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, occurrence);
    return occurrence === 1 ? `${prefix}-${hash}` : `${prefix}-${hash}-${occurrence}`;
  }
}

/**
 * A made-up UID known within its calendar only: read without the calendar's source
 * (`missing-uid-<hash>`), or named by its place in the file as before (`missing-uid-<n>`).
 * Those made up with the source (`missing-uid-src-<hash>`) name the event as a UID does.
 */
export function isCalendarLocalUid(uid: string): boolean {
  return CALENDAR_LOCAL_UID.test(uid);
}

const CALENDAR_LOCAL_UID = /^missing-uid-(\d+|[0-9a-f]{16}(-\d+)?)$/;

/**
 * Any UID calintel made up, with or without the source. Between different users' calendars even
 * one made with the source names no shared meeting: a file's source is its label, unique among
 * one user's imports only, and exports are all called `calendar.ics`.
 */
export function isMadeUpUid(uid: string): boolean {
  return CALENDAR_LOCAL_UID.test(uid) || /^missing-uid-src-[0-9a-f]{16}(-\d+)?$/.test(uid);
}

export function missingUidMessage(madeUpUid: string): string {
  return `VEVENT has no UID; named ${madeUpUid}`;
}
