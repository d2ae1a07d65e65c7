/**
 * What both ways of reading a calendar (parse-calendar.ts for a whole text, stream-calendar.ts
 * block by block) check on each VEVENT and say about it, in one place so that their problems
 * read the same.
 */
import { createHash } from 'node:crypto';
import type ICAL from 'ical.js';
import { readDateProperty } from './ics-values.js';
import { firstProperty, firstText, jcalProperties, parameter, values } from './jcal.js';
import { resolveTzid } from './time-zones.js';
import { aboutValue, type ValueMessage } from './written-value.js';

const DATE_PROPERTIES = new Set(['dtstart', 'dtend', 'recurrence-id', 'rdate', 'exdate']);
const SINGLE_DATES = new Set(['dtstart', 'dtend', 'recurrence-id']);

/**
 * Components nested in a VEVENT deeper than this (VALARM in a VEVENT is 1) refuse the event:
 * storing and mapping walk an event's jCal recursively, and a file nesting thousands of VALARMs
 * overflowed the stack there and failed the whole import. Real calendars nest 1 or 2 deep.
 */
const MAX_NESTING = 16;

export interface EventCheck {
  /** The property to point at and what is wrong, when the event cannot be used. */
  fatal: { property: string; message: string | ValueMessage } | null;
  unknownTzids: { property: string; tzid: string }[];
}

/**
 * Components must not nest too deep (MAX_NESTING). One pass over an event's properties: DTSTART
 * must be there and readable, DTEND and RECURRENCE-ID readable when present; TZIDs that resolve
 * to nothing are collected.
 */
export function checkEvent(event: ICAL.Component): EventCheck {
  const out: EventCheck = { fatal: null, unknownTzids: [] };
  if (nestsDeeper(event.jCal, MAX_NESTING)) {
    const message = `VEVENT nests components more than ${MAX_NESTING} levels deep; event skipped`;
    return { fatal: { property: 'BEGIN', message }, unknownTzids: [] };
  }
  const seen = new Set<string>();
  for (const prop of jcalProperties(event)) {
    const name = prop[0];
    if (!DATE_PROPERTIES.has(name)) continue;
    if (SINGLE_DATES.has(name) && !seen.has(name)) {
      seen.add(name);
      const read = readDateProperty(prop);
      if (!read.ok && !out.fatal) {
        const property = name.toUpperCase();
        out.fatal = { property, message: aboutValue(property, `${read.error}; event skipped`) };
      }
    }
    const tzid = parameter(prop, 'tzid');
    if (tzid && tzid.trim() !== '' && resolveTzid(tzid, event).kind === 'floating') {
      out.unknownTzids.push({ property: name.toUpperCase(), tzid });
    }
  }
  if (!seen.has('dtstart'))
    out.fatal = { property: 'BEGIN', message: 'VEVENT has no DTSTART; event skipped' };
  return out;
}

/** Level by level, not recursively: measuring the depth must not overflow the stack itself. */
function nestsDeeper(jcal: unknown[], limit: number): boolean {
  let level = [jcal];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    level = level.flatMap((component) => (component[2] ?? []) as unknown[][]);
  }
  return false;
}

export function sequenceOf(event: ICAL.Component): number {
  const n = Number(firstText(event, 'sequence'));
  return Number.isFinite(n) ? n : 0;
}

/** Calendar-level text (X-WR-*): ical.js keeps unknown properties escaped, so unescape here. */
export function calendarText(root: ICAL.Component | undefined, name: string): string | null {
  const text = root ? firstText(root, name) : null;
  return text === null
    ? null
    : text.replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Names the VEVENTs of one calendar that have no UID by what identifies them, not by their
 * place in the file: a name by place handed a stored event (its meeting, its feedback) to
 * another one as soon as an event was added above it. The name is a hash of DTSTART (value and
 * TZID), SUMMARY and ORGANIZER; the second and later events with the same three, in file order,
 * add `-2`, `-3`... Editing one of the three makes it another event (the old one is removed);
 * anything else edited updates the same one. One instance per reading of a calendar.
 */
export class MadeUpUids {
  private readonly seen = new Map<string, number>();

  next(event: ICAL.Component): string {
    const start = firstProperty(event, 'dtstart');
    const basis = JSON.stringify([
      start ? values(start) : null,
      start ? parameter(start, 'tzid') : null,
      firstText(event, 'summary'),
      firstText(event, 'organizer')?.toLowerCase() ?? null,
    ]);
    const hash = createHash('sha256').update(basis).digest('hex').slice(0, 16);
    const occurrence = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, occurrence);
    return occurrence === 1 ? `missing-uid-${hash}` : `missing-uid-${hash}-${occurrence}`;
  }
}

export function missingUidMessage(madeUpUid: string): string {
  return `VEVENT has no UID; named ${madeUpUid}`;
}

export function unknownZoneMessage(tzid: string): string {
  return `unknown time zone "${tzid}"; times read as floating`;
}

/** Two masters for one UID: the higher SEQUENCE wins, the later one on a tie. */
export function keepsLaterMaster(earlier: ICAL.Component, later: ICAL.Component): boolean {
  return sequenceOf(later) >= sequenceOf(earlier);
}

export function secondMasterMessage(
  uid: string,
  firstLine: number | string,
  keptLater: boolean,
): string {
  const kept = keptLater ? 'later' : 'earlier';
  return `another VEVENT with UID ${uid} and no RECURRENCE-ID (first at line ${firstLine}); kept the ${kept} one`;
}
