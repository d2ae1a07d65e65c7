/**
 * The first, cheap pass of the streaming import (stream-calendar.ts): where each top-level
 * component of a calendar begins and ends, its calendar property lines, and the UID of each
 * VEVENT, read line by line without parsing anything.
 *
 * Only a plain calendar is cut this way: one VCALENDAR, every component closed by its own END,
 * nothing outside the VCALENDAR. Anything else gets null, and the caller reads the text as a
 * whole as before (parse-calendar.ts), because those files are where ical.js's whole-text parse
 * and the block-wise recovery disagree (ical.js accepts `END:VTODO` closing a VEVENT, for one),
 * and the import must give what it gave before.
 */
import ICAL from 'ical.js';
import {
  beginOrEnd,
  contentLines,
  forEachContentLine,
  hasBareCarriageReturn,
  looksLikeContentLine,
  propertyName,
  type ContentLine,
  type SpannedLine,
} from './ics-lines.js';

export interface BlockSpan {
  /** Upper case, as in `BEGIN:VEVENT`. */
  name: string;
  /** 1-based line of its BEGIN. */
  line: number;
  /** Offsets in the text: its BEGIN line's start, and the end of its END line (line end excluded). */
  start: number;
  end: number;
  /**
   * VEVENTs only: the UID as ical.js will read it, or null when it has none (ical.js's value is
   * then a name made up from the event's position, unique to it).
   */
  uid: string | null;
}

export interface BlockScan {
  /** The calendar's own property lines (VERSION, X-WR-CALNAME...), unfolded. */
  header: ContentLine[];
  /** Top-level components other than VTIMEZONE, in file order. */
  blocks: BlockSpan[];
  vtimezones: BlockSpan[];
}

class NotPlain extends Error {}

/** The UID value of a `UID...` line: read by ical.js itself when escapes or parameters are in it. */
function uidValue(text: string): string | null {
  const plain = text.length > 3 && text[3] === ':' && !text.includes('\\');
  let value: string;
  if (plain) value = text.slice(4);
  else {
    try {
      value = String(ICAL.Property.fromString(text).getFirstValue() ?? '');
    } catch {
      // ical.js will refuse the whole VEVENT for this line; it never joins a series.
      return null;
    }
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Cuts a plain calendar into blocks; null for anything else (see the module comment). */
export function scanBlocks(text: string): BlockScan | null {
  const out: BlockScan = { header: [], blocks: [], vtimezones: [] };
  const cutter = new BlockCutter(out);
  try {
    forEachContentLine(text, (line) => cutter.take(line));
    cutter.finish();
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
  return out;
}

/** Where a text ends inside a component it opened: the body was cut off. */
export interface CutOff {
  /** The outermost component left open (VCALENDAR unless a second calendar was cut). */
  outer: string;
  /** The innermost one and the line of its BEGIN. */
  name: string;
  line: number;
}

/**
 * Whether the text ends with every component it opened closed, the VCALENDAR first of all: a
 * feed body or a file cut off in transit ends inside one, and its events after the cut are not
 * absent, only unread. Lenient about the middle, which recovery judges block by block: an END
 * closes the innermost open component of its name and whatever it holds (a VEVENT that lacks its
 * END before the next one is a broken block, not a cut), an END of nothing open is ignored.
 *
 * A text scanBlocks() accepts is complete by construction (its finish() demands the END of the
 * VCALENDAR and of every block), so only the texts it leaves to the whole-text parse need this
 * second walk. A text without any BEGIN gets null: it is not iCalendar, which is said elsewhere.
 */
export function findCutOff(text: string): CutOff | null {
  const open: { name: string; line: number }[] = [];
  const take = (line: { line: number; text: string }): void => {
    const first = line.text.charCodeAt(0) | 32;
    const edge = first === 98 || first === 101 ? beginOrEnd(line.text) : null;
    if (!edge) return;
    if (edge[0] === 'BEGIN') {
      open.push({ name: edge[1], line: line.line });
      return;
    }
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.name === edge[1]) {
        open.length = i;
        return;
      }
    }
  };
  // Bare CRs end lines for contentLines() (and the whole-text parse), not for forEachContentLine().
  if (hasBareCarriageReturn(text)) contentLines(text).forEach(take);
  else forEachContentLine(text, take);
  const inner = open[open.length - 1];
  return inner ? { outer: open[0]!.name, name: inner.name, line: inner.line } : null;
}

/** The line-by-line state: outside, inside the VCALENDAR, inside one of its components. */
class BlockCutter {
  private calendar: 'before' | 'inside' | 'after' = 'before';
  private current: BlockSpan | null = null;
  private stack: string[] = [];
  private uidSeen = false;

  constructor(private readonly out: BlockScan) {}

  take(line: SpannedLine): void {
    const first = line.text.charCodeAt(0) | 32;
    // Only lines starting with b or e can be BEGIN or END: skip the regular expression otherwise.
    const edge = first === 98 || first === 101 ? beginOrEnd(line.text) : null;
    if (this.current) this.insideBlock(line, edge);
    else this.outsideBlock(line, edge);
  }

  finish(): void {
    if (this.current || this.calendar !== 'after') throw new NotPlain();
  }

  private insideBlock(line: SpannedLine, edge: ReturnType<typeof beginOrEnd>): void {
    const block = this.current!;
    if (edge?.[0] === 'BEGIN') {
      if (edge[1] === 'VCALENDAR' || edge[1] === 'VEVENT' || edge[1] === block.name)
        throw new NotPlain();
      this.stack.push(edge[1]);
    } else if (edge?.[0] === 'END') {
      if (this.stack.pop() !== edge[1]) throw new NotPlain();
      if (this.stack.length === 0) this.close(line);
    } else if (block.name === 'VEVENT' && this.stack.length === 1 && !this.uidSeen) {
      if (propertyName(line.text) === 'UID') {
        this.uidSeen = true;
        block.uid = uidValue(line.text);
      }
    }
  }

  private outsideBlock(line: SpannedLine, edge: ReturnType<typeof beginOrEnd>): void {
    if (edge && edge[1] === 'VCALENDAR') {
      const expected = edge[0] === 'BEGIN' ? 'before' : 'inside';
      if (this.calendar !== expected) throw new NotPlain();
      this.calendar = edge[0] === 'BEGIN' ? 'inside' : 'after';
      return;
    }
    if (this.calendar !== 'inside' || edge?.[0] === 'END') throw new NotPlain();
    if (edge) {
      this.current = {
        name: edge[1],
        line: line.line,
        start: line.start,
        end: line.end,
        uid: null,
      };
      this.stack = [edge[1]];
      this.uidSeen = false;
    } else if (looksLikeContentLine(line.text)) {
      this.out.header.push({ line: line.line, text: line.text });
    } else throw new NotPlain();
  }

  private close(line: SpannedLine): void {
    const block = this.current!;
    block.end = line.end;
    (block.name === 'VTIMEZONE' ? this.out.vtimezones : this.out.blocks).push(block);
    this.current = null;
  }
}
