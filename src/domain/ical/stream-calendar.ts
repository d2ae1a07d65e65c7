/**
 * Reads a calendar series by series instead of all at once, for imports: parseCalendar() holds
 * the jCal of the whole file (ICAL.parse of the 24.9 MB benchmark file peaks at 320 MB by
 * itself), this holds one chunk of VEVENTs and the series still waiting for an override.
 *
 * 1. scanBlocks() cuts the text into components by lines and counts the VEVENTs of each UID.
 * 2. The calendar's properties and its VTIMEZONEs are parsed first: events need the VTIMEZONEs,
 *    which a file may list after them.
 * 3. The other blocks are parsed a chunk at a time (block-parser.ts); each VEVENT is checked as
 *    parseCalendar() checks it, and each series is handed out when its last VEVENT is read.
 *
 * What comes out is what parseCalendar() gives, series for series and problem for problem; only
 * the order differs (series as they complete, problems as they are found). A text that is not a
 * plain calendar (see ics-blocks.ts) is read whole by parseCalendar() itself.
 */
import ICAL from 'ical.js';
import { parseSpans } from './block-parser.js';
import { calendarText, checkEvent, unknownZoneMessage } from './event-checks.js';
import { eventEffect, type EventOutcome } from './event-effects.js';
import {
  findCutOff,
  scanBlocks,
  type BlockScan,
  type BlockSpan,
  type CutOff,
} from './ics-blocks.js';
import { hasBareCarriageReturn, propertyInBlock } from './ics-lines.js';
import { MadeUpUids, missingUidMessage } from './made-up-uid.js';
import { parseHeader, repairQuotedTzid, wrap, type RecoveryProblem } from './ics-recovery.js';
import { firstText } from './jcal.js';
import {
  locatedAt,
  parseCalendar,
  type IcsProblem,
  type IcsSeries,
  type LineLocator,
  type LocatedProperty,
  type ParsedCalendar,
  type ReadOptions,
} from './parse-calendar.js';
import { SeriesAssembler, seriesKey } from './series-assembler.js';
import { rememberCalendar } from './time-zones.js';
import { sayMessage, type ValueMessage } from './written-value.js';

export type CalendarItem = { series: IcsSeries } | { problem: IcsProblem };

export interface StreamedCalendar {
  /** X-WR-CALNAME */
  name: string | null;
  /** X-WR-TIMEZONE (IANA) */
  defaultTimeZone: string | null;
  /** Each series once its last VEVENT is read, and problems as they are found; reads afresh. */
  items(): Generator<CalendarItem>;
  /**
   * When no event at all can be used: every problem, in parseCalendar()'s order (reading
   * problems by line, then the events' own); else null. Reads only up to the first usable event.
   */
  unreadable(): IcsProblem[] | null;
  /**
   * Where the text ends inside a component it opened (no END:VCALENDAR, or a VEVENT cut in the
   * middle): the text was cut off, and what came after the cut is unknown, not absent. Null for
   * a complete text. Items are still read from such a text; whether to use them is the caller's.
   */
  readonly cutOff: CutOff | null;
}

/** What reading yields inside this module: `usable` marks the first series-to-be, for probes. */
type ReadItem =
  { series: IcsSeries } | { problem: IcsProblem; reading: boolean } | { usable: true };

export function streamCalendar(text: string, options: ReadOptions = {}): StreamedCalendar {
  const clean = text.replace(/^\uFEFF/, '');
  const scan = hasBareCarriageReturn(clean) ? null : scanBlocks(clean);
  // A text scanBlocks() cuts is complete by construction; only the others need the second walk.
  return scan
    ? new BlockwiseCalendar(clean, scan, options.source ?? null)
    : wholeCalendar(parseCalendar(clean, options), findCutOff(clean));
}

/** A text read whole by parseCalendar(), handed out through the same interface. */
function wholeCalendar(parsed: ParsedCalendar, cutOff: CutOff | null): StreamedCalendar {
  return {
    cutOff,
    name: parsed.name,
    defaultTimeZone: parsed.defaultTimeZone,
    *items() {
      for (const problem of parsed.problems) yield { problem };
      for (const series of parsed.series) yield { series };
    },
    unreadable: () => (parsed.series.length === 0 ? parsed.problems : null),
  };
}

function toProblem(p: RecoveryProblem): IcsProblem {
  return {
    line: p.line,
    uid: p.uid,
    message: p.message,
    ...(p.effect ? { effect: p.effect } : {}),
  };
}

/** The calendar's property lines as ical.js reads them; a line it refuses is skipped and said. */
function readHeader(scan: BlockScan, problems: IcsProblem[]): unknown[] {
  try {
    return (ICAL.parse(wrap(scan.header.map((l) => l.text))) as unknown[])[1] as unknown[];
  } catch {
    const found: RecoveryProblem[] = [];
    const repaired = scan.header.map((l) => ({ line: l.line, text: repairQuotedTzid(l.text) }));
    const properties = parseHeader(repaired, found);
    // One by one: spread, ~120k bad header lines would overflow the stack.
    for (const problem of found) problems.push(toProblem(problem));
    return properties;
  }
}

class BlockwiseCalendar implements StreamedCalendar {
  readonly cutOff = null;
  readonly name: string | null;
  readonly defaultTimeZone: string | null;
  /** The calendar's properties and VTIMEZONEs: what resolveTzid() looks a TZID up in. */
  private readonly calendar: ICAL.Component;
  /** Problems of the calendar's own lines and of its VTIMEZONEs. */
  private readonly headerProblems: IcsProblem[] = [];
  /** Where each VEVENT handed out was read from, for the lines of expansion problems. */
  private readonly spans = new WeakMap<ICAL.Component, BlockSpan>();

  constructor(
    private readonly text: string,
    private readonly scan: BlockScan,
    /** What the text is read from (ReadOptions.source), for the names of UID-less events. */
    private readonly source: string | null,
  ) {
    const properties = readHeader(scan, this.headerProblems);
    const zones: unknown[] = [];
    for (const outcome of parseSpans(text, scan.vtimezones)) {
      if ('jcal' in outcome) zones.push(outcome.jcal);
      else this.headerProblems.push(toProblem(outcome.problem));
    }
    this.calendar = new ICAL.Component(['vcalendar', properties, zones]);
    this.name = calendarText(this.calendar, 'x-wr-calname');
    this.defaultTimeZone = calendarText(this.calendar, 'x-wr-timezone');
  }

  *items(): Generator<CalendarItem> {
    for (const item of this.read()) {
      if ('series' in item) yield item;
      else if ('problem' in item) yield { problem: item.problem };
    }
  }

  unreadable(): IcsProblem[] | null {
    const reading: IcsProblem[] = [];
    const events: IcsProblem[] = [];
    for (const item of this.read()) {
      if ('usable' in item || 'series' in item) return null;
      (item.reading ? reading : events).push(item.problem);
    }
    return [...reading.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), ...events];
  }

  private *read(): Generator<ReadItem> {
    for (const problem of this.headerProblems) yield { problem, reading: true };
    const vevents = this.scan.blocks.filter((span) => span.name === 'VEVENT');
    const assembler = new SeriesAssembler(vevents);
    const madeUpUids = new MadeUpUids(this.source);
    for (const outcome of parseSpans(this.text, this.scan.blocks)) {
      if (outcome.span.name !== 'VEVENT') {
        if ('problem' in outcome) yield { problem: toProblem(outcome.problem), reading: true };
        continue;
      }
      const key = seriesKey(outcome.span);
      if ('problem' in outcome) yield { problem: toProblem(outcome.problem), reading: true };
      else {
        for (const dropped of outcome.problems ?? [])
          yield { problem: toProblem(dropped), reading: true };
        yield* this.admit(outcome.span, outcome.jcal, madeUpUids, key, assembler);
      }
      for (const series of assembler.blockDone(key)) yield this.located(series, madeUpUids);
    }
    for (const series of assembler.flush()) yield this.located(series, madeUpUids);
  }

  private located(series: IcsSeries, madeUpUids: MadeUpUids): ReadItem {
    series.lineOf = this.lineOf;
    const formerUid = madeUpUids.takeFormer(series.uid);
    if (formerUid !== undefined) series.formerUid = formerUid;
    return { series };
  }

  private readonly lineOf: LineLocator = (component, property, nth = 0) => {
    const span = this.spans.get(component);
    return span ? this.locate(span, property, nth) : null;
  };

  /** The `nth` `property` of the VEVENT `span`: only its block is split into lines, and only now. */
  private locate(span: BlockSpan, property: string, nth: number): LocatedProperty {
    if (property === 'BEGIN') return { line: span.line, text: null };
    return locatedAt(span.line, propertyInBlock(this.text, span, property, nth));
  }

  /** parseCalendar()'s checks on one VEVENT, then into its series when it can be used. */
  private *admit(
    span: BlockSpan,
    jcal: unknown[],
    madeUpUids: MadeUpUids,
    key: string,
    assembler: SeriesAssembler,
  ): Generator<ReadItem> {
    // No parent, as parseCalendar() hands them out (ICAL.Event would scan siblings otherwise).
    const event = new ICAL.Component(jcal);
    rememberCalendar(event, this.calendar);
    this.spans.set(event, span);
    const rawUid = firstText(event, 'uid');
    const uid = rawUid ?? madeUpUids.next(event);
    if (!rawUid) yield this.problem(span, 'BEGIN', null, missingUidMessage(uid), 'kept', true);
    const check = checkEvent(event);
    if (check.fatal) {
      yield this.problem(span, check.fatal.property, rawUid, check.fatal.message, 'left_out');
      return;
    }
    for (const { property, tzid } of check.unknownTzids)
      yield this.problem(span, property, rawUid, unknownZoneMessage(tzid), 'kept');
    const said: ReadItem[] = [];
    assembler.add(key, uid, event, span.line, (line, about, message, droppedLine) =>
      said.push({
        problem: {
          line,
          uid: about,
          message: `line ${line}: ${message}`,
          effect: { outcome: 'left_out', event: `line ${droppedLine}` },
        },
        reading: false,
      }),
    );
    yield* said;
    yield { usable: true };
  }

  /**
   * A problem of the VEVENT `span` at its `property` line (its BEGIN line for 'BEGIN'), quoting
   * the value as written when the message is about it.
   */
  private problem(
    span: BlockSpan,
    property: string,
    uid: string | null,
    message: string | ValueMessage,
    outcome: EventOutcome,
    warningOnly = false,
  ): ReadItem {
    const { line, text } = this.locate(span, property, 0);
    const said = sayMessage(message, text);
    const effect = eventEffect(outcome, span.line, uid);
    return {
      problem: {
        line,
        uid,
        message: `line ${line}: ${said}`,
        ...(effect ? { effect } : {}),
        // As parseCalendar says it: a missing UID leaves every instance as the file has it.
        ...(warningOnly ? { warningOnly: true as const } : {}),
      },
      reading: false,
    };
  }
}
