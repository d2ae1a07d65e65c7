/**
 * Parses an iCalendar text into series (master + overrides per UID) with ical.js, never throwing.
 *
 * Speed: ical.js's `new ICAL.Event(component)` on a component still inside its VCALENDAR scans
 * every sibling VEVENT for exceptions, which is quadratic (measured: 653 s for 50,000 events).
 * It is never called here: components are grouped by UID in one pass and overrides are related
 * to their master explicitly. Components stay inside their VCALENDAR so that the VTIMEZONEs can
 * be found from them.
 *
 * Robustness: a text ical.js refuses as a whole is parsed block by block (ics-recovery.ts) so a
 * bad VEVENT costs only itself; every problem names its 1-based line in the original text.
 * Events without a usable DTSTART are left out and reported; unknown TZIDs are reported and
 * read as floating (see time-zones.ts).
 */
import ICAL from 'ical.js';
import { LineIndex } from './ics-lines.js';
import { recoverCalendar } from './ics-recovery.js';
import { readDateProperty } from './ics-values.js';
import { resolveTzid } from './time-zones.js';

export interface IcsProblem {
  line: number | null;
  uid: string | null;
  message: string;
}

export interface IcsSeries {
  uid: string;
  /** The VEVENT without RECURRENCE-ID (null when only overrides exist). */
  master: ICAL.Component | null;
  /** VEVENTs with RECURRENCE-ID for this UID. */
  overrides: ICAL.Component[];
}

export interface ParsedCalendar {
  /** X-WR-CALNAME */
  name: string | null;
  /** X-WR-TIMEZONE (IANA) */
  defaultTimeZone: string | null;
  series: IcsSeries[];
  problems: IcsProblem[];
}

interface Parsed {
  roots: ICAL.Component[];
  /** Begin line of the n-th VEVENT, in the order the roots list them. */
  veventLine: (index: number) => number | null;
  problems: IcsProblem[];
}

function parseWhole(text: string, lines: LineIndex): Parsed {
  try {
    const jcal = ICAL.parse(text) as unknown[];
    const list = (Array.isArray(jcal[0]) ? jcal : [jcal]) as unknown[][];
    return { roots: list.map((j) => new ICAL.Component(j)), veventLine: (i) => lines.veventLines()[i] ?? null, problems: [] };
  } catch {
    try {
      const recovered = recoverCalendar(text);
      return { roots: [recovered.root], veventLine: (i) => recovered.veventLines[i] ?? null, problems: recovered.problems };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { roots: [], veventLine: () => null, problems: [{ line: null, uid: null, message: `calendar could not be read: ${message}` }] };
    }
  }
}

function textValue(root: ICAL.Component | undefined, name: string): string | null {
  const value = root?.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Checks the values expansion cannot do without; returns the problem (property, message) or null. */
function checkEvent(event: ICAL.Component): { property: string; message: string } | null {
  const dtstart = event.getFirstProperty('dtstart');
  if (!dtstart) return { property: 'BEGIN', message: 'VEVENT has no DTSTART; event skipped' };
  for (const name of ['dtstart', 'dtend', 'recurrence-id']) {
    const prop = event.getFirstProperty(name);
    const read = prop ? readDateProperty(prop) : null;
    if (read && !read.ok) return { property: name.toUpperCase(), message: `${read.error}; event skipped` };
  }
  return null;
}

const DATE_PROPERTIES = ['dtstart', 'dtend', 'recurrence-id', 'rdate', 'exdate'];

/** Reports TZIDs that resolve to nothing (they are read as floating). */
function unknownTzids(event: ICAL.Component): { property: string; tzid: string }[] {
  const out: { property: string; tzid: string }[] = [];
  for (const name of DATE_PROPERTIES) {
    for (const prop of event.getAllProperties(name)) {
      const tzid = prop.getParameter('tzid');
      if (typeof tzid !== 'string' || tzid.trim() === '') continue;
      const zone = resolveTzid(tzid, event);
      if (zone.kind === 'floating') out.push({ property: name.toUpperCase(), tzid });
    }
  }
  return out;
}

function sequenceOf(event: ICAL.Component): number {
  const n = Number(event.getFirstPropertyValue('sequence'));
  return Number.isFinite(n) ? n : 0;
}

/** Parses iCalendar text; never throws: everything wrong ends up in `problems`. */
export function parseCalendar(text: string): ParsedCalendar {
  const clean = text.replace(/^\uFEFF/, '');
  if (!/^BEGIN:VCALENDAR\s*$/im.test(clean)) {
    return { name: null, defaultTimeZone: null, series: [], problems: [{ line: 1, uid: null, message: 'line 1: not an iCalendar file (no BEGIN:VCALENDAR)' }] };
  }
  const lines = new LineIndex(clean);
  const parsed = parseWhole(clean, lines);
  const problems = [...parsed.problems];
  const bySeries = new Map<string, IcsSeries>();
  const masterLine = new Map<string, number | null>();
  let index = 0;
  for (const root of parsed.roots) {
    for (const event of root.getAllSubcomponents('vevent')) {
      const begin = parsed.veventLine(index++);
      const at = (property: string): number | null => (begin === null || property === 'BEGIN' ? begin : (lines.propertyLine(begin, property) ?? begin));
      const report = (property: string, uid: string | null, message: string): void => {
        const line = at(property);
        problems.push({ line, uid, message: line === null ? message : `line ${line}: ${message}` });
      };
      const rawUid = textValue(event, 'uid');
      const uid = rawUid ?? `missing-uid-${index}`;
      if (!rawUid) report('BEGIN', null, `VEVENT has no UID; named ${uid}`);
      const bad = checkEvent(event);
      if (bad) {
        report(bad.property, rawUid, bad.message);
        continue;
      }
      for (const { property, tzid } of unknownTzids(event)) report(property, rawUid, `unknown time zone "${tzid}"; times read as floating`);
      let series = bySeries.get(uid);
      if (!series) bySeries.set(uid, (series = { uid, master: null, overrides: [] }));
      if (event.getFirstProperty('recurrence-id')) {
        series.overrides.push(event);
      } else if (!series.master) {
        series.master = event;
        masterLine.set(uid, begin);
      } else {
        // Two masters for one UID: keep the higher SEQUENCE (the later one on a tie) and say so.
        const keepNew = sequenceOf(event) >= sequenceOf(series.master);
        report('BEGIN', uid, `another VEVENT with UID ${uid} and no RECURRENCE-ID (first at line ${masterLine.get(uid) ?? '?'}); kept the ${keepNew ? 'later' : 'earlier'} one`);
        if (keepNew) series.master = event;
      }
    }
  }
  const first = parsed.roots[0];
  return {
    name: textValue(first, 'x-wr-calname'),
    defaultTimeZone: textValue(first, 'x-wr-timezone'),
    series: [...bySeries.values()],
    problems,
  };
}
