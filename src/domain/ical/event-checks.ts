/**
 * What both ways of reading a calendar (parse-calendar.ts for a whole text, stream-calendar.ts
 * block by block) check on each VEVENT and say about it, in one place so that their problems
 * read the same.
 */
import type ICAL from 'ical.js';
import { readDateProperty } from './ics-values.js';
import { firstText, jcalProperties, parameter } from './jcal.js';
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
