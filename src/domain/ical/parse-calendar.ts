/**
 * Parses an iCalendar text into series (master + overrides per UID) with ical.js, never throwing.
 *
 * Speed: ical.js's `new ICAL.Event(component)` on a component still inside its VCALENDAR scans
 * every sibling VEVENT for exceptions, which is quadratic (measured: 653 s for 50,000 events).
 * It is never called here: components are grouped by UID in one pass and overrides are related
 * to their master explicitly. The components handed out are detached from their VCALENDAR, so
 * that a caller who does build an ICAL.Event from one cannot fall into that trap either.
 *
 * Robustness: a text ical.js refuses as a whole is parsed block by block (ics-recovery.ts) so a
 * bad VEVENT costs only itself; every problem names its 1-based line in the original text.
 * Events without a usable DTSTART are left out and reported; unknown TZIDs are reported and
 * read as floating (see time-zones.ts).
 */
import ICAL from 'ical.js';
import { LineIndex, type ContentLine } from './ics-lines.js';
import { recoverCalendar } from './ics-recovery.js';
import {
  calendarText,
  checkEvent,
  keepsLaterMaster,
  secondMasterMessage,
  unknownZoneMessage,
} from './event-checks.js';
import { MadeUpUids, missingUidMessage } from './made-up-uid.js';
import { firstProperty, firstText } from './jcal.js';
import { eventEffect, type EventEffect, type EventOutcome } from './event-effects.js';
import { rememberCalendar } from './time-zones.js';
import { sayMessage, type ValueMessage } from './written-value.js';

export interface IcsProblem {
  line: number | null;
  uid: string | null;
  message: string;
  /** Whether the VEVENT it is about was left out or kept; absent when it is about none. */
  effect?: EventEffect;
  /**
   * Set only by kinds of problem that leave every instance as the file says it (no UID: calintel
   * names the event). Absent: something the file says was not used (an event, a line, an RRULE,
   * an EXDATE, a zone), so what is listed may differ from what the file means.
   */
  warningOnly?: true;
}

export interface IcsSeries {
  uid: string;
  /** The VEVENT without RECURRENCE-ID (null when only overrides exist). */
  master: ICAL.Component | null;
  /** VEVENTs with RECURRENCE-ID for this UID. */
  overrides: ICAL.Component[];
  /** Where its VEVENTs' lines are in the text, for problems found when it is expanded. */
  lineOf?: LineLocator;
  /** Without a UID: the name it had before names had a source (MadeUpUids.takeFormer). */
  formerUid?: string;
}

/**
 * Where a VEVENT's property is in the text: its 1-based line, and its unfolded content line for
 * a message to quote the value from; `text` is null when the line is the VEVENT's BEGIN (asked
 * for with 'BEGIN', or the property was not found).
 */
export interface LocatedProperty {
  line: number;
  text: string | null;
}

/**
 * Where a VEVENT's `property` is in the text it was read from ('BEGIN': the VEVENT's first
 * line), its (nth + 1)-th when it has several; null for a component it did not read.
 */
export type LineLocator = (
  component: ICAL.Component,
  property: string,
  nth?: number,
) => LocatedProperty | null;

/** The property's line when it was found, else the VEVENT's BEGIN line without text. */
export function locatedAt(begin: number, found: ContentLine | null): LocatedProperty {
  return found ? { line: found.line, text: found.text } : { line: begin, text: null };
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
    return {
      roots: list.map((j) => new ICAL.Component(j)),
      veventLine: (i) => lines.veventLines()[i] ?? null,
      problems: [],
    };
  } catch {
    try {
      const recovered = recoverCalendar(text);
      return {
        roots: [recovered.root],
        veventLine: (i) => recovered.veventLines[i] ?? null,
        problems: recovered.problems,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        roots: [],
        veventLine: () => null,
        problems: [{ line: null, uid: null, message: `calendar could not be read: ${message}` }],
      };
    }
  }
}

type Report = (
  eventIndex: number,
  property: string,
  uid: string | null,
  message: string | ValueMessage,
  /** What became of the VEVENT; `about` names another one than `eventIndex` (a dropped master). */
  effect: { outcome: EventOutcome; about?: number; warningOnly?: true },
) => void;

/**
 * Reports a problem of the n-th VEVENT at the line of `property` (its BEGIN line for 'BEGIN'),
 * quoting its value as written when the message is about it; lines are looked up only then, so
 * a clean file never splits its text into lines.
 */
function reporter(parsed: Parsed, lines: LineIndex, problems: IcsProblem[]): Report {
  return (eventIndex, property, uid, message, { outcome, about = eventIndex, warningOnly }) => {
    const at = locateIn(parsed, lines, eventIndex, property, 0);
    const said = sayMessage(message, at?.text ?? null);
    const line = at?.line ?? null;
    const effect = eventEffect(outcome, parsed.veventLine(about), uid);
    problems.push({
      line,
      uid,
      message: line === null ? said : `line ${line}: ${said}`,
      ...(effect ? { effect } : {}),
      ...(warningOnly ? { warningOnly } : {}),
    });
  };
}

/** The `nth` `property` of the VEVENT at `eventIndex`; null when its BEGIN line is unknown. */
function locateIn(
  parsed: Parsed,
  lines: LineIndex,
  eventIndex: number,
  property: string,
  nth: number,
): LocatedProperty | null {
  const begin = parsed.veventLine(eventIndex);
  if (begin === null) return null;
  return property === 'BEGIN'
    ? { line: begin, text: null }
    : locatedAt(begin, lines.propertyAt(begin, property, nth));
}

const KEPT = { outcome: 'kept' } as const;
/** Kept, and listed just as the file says: the problem changes none of its instances. */
const KEPT_AS_WRITTEN = { outcome: 'kept', warningOnly: true } as const;
const LEFT_OUT = { outcome: 'left_out' } as const;

/**
 * A wrapper of the same VEVENT without a parent: `new ICAL.Event(component)` on a component that
 * has its VCALENDAR as parent scans every sibling for exceptions (quadratic, the trap DESIGN.md
 * measured), so the components handed out have none. Their VTIMEZONEs stay reachable through
 * rememberCalendar.
 */
function detach(event: ICAL.Component, calendar: ICAL.Component): ICAL.Component {
  const detached = new ICAL.Component(event.jCal);
  rememberCalendar(detached, calendar);
  return detached;
}

/** Groups events by UID: the VEVENT without RECURRENCE-ID is the master, the others overrides. */
function collectSeries(
  parsed: Parsed,
  lines: LineIndex,
  report: Report,
  madeUpUids: MadeUpUids,
): IcsSeries[] {
  const bySeries = new Map<string, IcsSeries>();
  const masterIndex = new Map<string, number>();
  const eventIndex = new WeakMap<ICAL.Component, number>();
  const lineOf = locator(parsed, lines, eventIndex);
  let index = 0;
  for (const root of parsed.roots) {
    for (const attached of root.getAllSubcomponents('vevent')) {
      const at = index++;
      const event = detach(attached, root);
      eventIndex.set(event, at);
      const rawUid = firstText(event, 'uid');
      const uid = rawUid ?? madeUpUids.next(event);
      if (!rawUid) report(at, 'BEGIN', null, missingUidMessage(uid), KEPT_AS_WRITTEN);
      const check = checkEvent(event);
      if (check.fatal) {
        report(at, check.fatal.property, rawUid, check.fatal.message, LEFT_OUT);
        continue;
      }
      for (const { property, tzid } of check.unknownTzids) {
        report(at, property, rawUid, unknownZoneMessage(tzid), KEPT);
      }
      let series = bySeries.get(uid);
      if (!series) {
        series = { uid, master: null, overrides: [], lineOf };
        const formerUid = madeUpUids.takeFormer(uid);
        if (formerUid !== undefined) series.formerUid = formerUid;
        bySeries.set(uid, series);
      }
      if (firstProperty(event, 'recurrence-id')) series.overrides.push(event);
      else if (!series.master || keepSecondMaster(series, event, at, masterIndex, parsed, report)) {
        series.master = event;
        masterIndex.set(uid, at);
      }
    }
  }
  return [...bySeries.values()];
}

function locator(
  parsed: Parsed,
  lines: LineIndex,
  eventIndex: WeakMap<ICAL.Component, number>,
): LineLocator {
  return (component, property, nth = 0) => {
    const at = eventIndex.get(component);
    return at === undefined ? null : locateIn(parsed, lines, at, property, nth);
  };
}

/** Two masters for one UID: the higher SEQUENCE wins (the later one on a tie); says so. */
function keepSecondMaster(
  series: IcsSeries,
  event: ICAL.Component,
  at: number,
  masterIndex: Map<string, number>,
  parsed: Parsed,
  report: Report,
): boolean {
  const keepNew = keepsLaterMaster(series.master!, event);
  const first = masterIndex.get(series.uid) ?? -1;
  const firstLine = parsed.veventLine(first) ?? '?';
  // One of the two is left out: the earlier one when the new one is kept.
  const dropped = { outcome: 'left_out' as const, about: keepNew ? first : at };
  report(at, 'BEGIN', series.uid, secondMasterMessage(series.uid, firstLine, keepNew), dropped);
  return keepNew;
}

export interface ReadOptions {
  /**
   * What the calendar is read from (`feed:<url>`, `file:<label>`): events without a UID are
   * then named so that the same source names them alike on every reading (made-up-uid.ts).
   */
  source?: string;
}

/** Parses iCalendar text; never throws: everything wrong ends up in `problems`. */
export function parseCalendar(text: string, options: ReadOptions = {}): ParsedCalendar {
  const clean = text.replace(/^\uFEFF/, '');
  if (!/^BEGIN:VCALENDAR\s*$/im.test(clean)) {
    const message = 'line 1: not an iCalendar file (no BEGIN:VCALENDAR)';
    return {
      name: null,
      defaultTimeZone: null,
      series: [],
      problems: [{ line: 1, uid: null, message }],
    };
  }
  const lines = new LineIndex(clean);
  const parsed = parseWhole(clean, lines);
  const problems = [...parsed.problems];
  const report = reporter(parsed, lines, problems);
  const series = collectSeries(parsed, lines, report, new MadeUpUids(options.source ?? null));
  const first = parsed.roots[0];
  return {
    name: calendarText(first, 'x-wr-calname'),
    defaultTimeZone: calendarText(first, 'x-wr-timezone'),
    series,
    problems,
  };
}
