/**
 * Line-level view of an iCalendar text: to name lines in problems, to cut a broken file into
 * blocks (ics-recovery.ts), and to cut any plain calendar into blocks for the streaming import
 * (ics-blocks.ts), which walks the lines without holding them.
 */

export interface ContentLine {
  /** 1-based line of the first physical line in the original text. */
  line: number;
  /** The unfolded content line (RFC 5545 §3.1: a CRLF followed by a space or tab continues it). */
  text: string;
}

/** Splits and unfolds; line numbers point at the original text. */
export function contentLines(text: string): ContentLine[] {
  const physical = text.split(/\r\n|\n|\r/);
  const out: ContentLine[] = [];
  physical.forEach((raw, i) => {
    const last = out[out.length - 1];
    if (last && (raw.startsWith(' ') || raw.startsWith('\t'))) last.text += raw.slice(1);
    else if (raw.trim() !== '') out.push({ line: i + 1, text: raw });
  });
  return out;
}

/** The property name of a content line, upper-cased (`DTSTART` for `DTSTART;TZID=..:..`). */
export function propertyName(text: string): string {
  const m = /^([A-Za-z0-9-]+)/.exec(text);
  return m ? m[1]!.toUpperCase() : '';
}

/** Is this plausibly a content line: a name, then parameters or the value after a colon? */
export function looksLikeContentLine(text: string): boolean {
  return /^[A-Za-z0-9-]+[;:]/.test(text) && text.includes(':');
}

/** `BEGIN:VEVENT` -> ['BEGIN', 'VEVENT']; null for other lines. */
export function beginOrEnd(text: string): ['BEGIN' | 'END', string] | null {
  const m = /^(BEGIN|END):([A-Za-z0-9-]+)\s*$/i.exec(text);
  return m ? [m[1]!.toUpperCase() as 'BEGIN' | 'END', m[2]!.toUpperCase()] : null;
}

/** Binary search: content lines are sorted by line number. */
function indexOfLine(lines: ContentLine[], line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = lines[mid]!.line;
    if (at === line) return mid;
    if (at < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Finds lines lazily: where each VEVENT begins, and where a property of a VEVENT is. Built on
 * first use only, so a clean file pays nothing for it.
 */
export class LineIndex {
  private lines: ContentLine[] | null = null;
  private veventStarts: number[] | null = null;

  constructor(private readonly text: string) {}

  private all(): ContentLine[] {
    return (this.lines ??= contentLines(this.text));
  }

  /** 1-based lines of every `BEGIN:VEVENT`, in document order. */
  veventLines(): number[] {
    if (!this.veventStarts) {
      this.veventStarts = this.all()
        .filter((l) => /^BEGIN:VEVENT\s*$/i.test(l.text))
        .map((l) => l.line);
    }
    return this.veventStarts;
  }

  /**
   * The `name` property of the VEVENT that begins at `beginLine` (its line and unfolded text):
   * its first one, or with `nth` its (nth + 1)-th (a VEVENT may have several EXDATE or RRULE).
   */
  propertyAt(beginLine: number, name: string, nth = 0): ContentLine | null {
    const lines = this.all();
    const i = indexOfLine(lines, beginLine);
    return i < 0 ? null : nthProperty(lines, i + 1, name, nth, 0);
  }
}

/** A content line and where it sits in the text: `start` of its first physical line, `end` of its last. */
export interface SpannedLine extends ContentLine {
  start: number;
  end: number;
}

/**
 * Visits the unfolded content lines of `text` as contentLines() lists them, without splitting the
 * text into an array first: a 25 MB calendar is 700,000 lines, and holding them all is what the
 * streaming import avoids. Line ends are CRLF or LF; a caller handing in a text with bare CRs
 * gets them inside lines (see hasBareCarriageReturn).
 */
export function forEachContentLine(text: string, visit: (line: SpannedLine) => void): void {
  let pending: SpannedLine | null = null;
  let lineNumber = 0;
  for (let at = 0; at < text.length;) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    let end = newline < 0 ? text.length : newline;
    if (end > at && text.charCodeAt(end - 1) === 13) end--;
    lineNumber++;
    const first = text.charCodeAt(at);
    if (pending && (first === 32 || first === 9)) {
      pending.text += text.slice(at + 1, end);
      pending.end = end;
    } else if (text.slice(at, end).trim() !== '') {
      if (pending) visit(pending);
      pending = { line: lineNumber, text: text.slice(at, end), start: at, end };
    }
    at = next;
  }
  if (pending) visit(pending);
}

/** A CR not followed by LF: contentLines() breaks lines there, forEachContentLine() does not. */
export function hasBareCarriageReturn(text: string): boolean {
  return /\r(?!\n)/.test(text);
}

/**
 * LineIndex.propertyAt() for one block cut from `text` (start and end offsets) whose BEGIN is
 * on `beginLine`: only the block's own lines are split.
 */
export function propertyInBlock(
  text: string,
  block: { start: number; end: number; line: number },
  name: string,
  nth = 0,
): ContentLine | null {
  const lines = contentLines(text.slice(block.start, block.end));
  return nthProperty(lines, 1, name, nth, block.line - 1);
}

/** The (nth + 1)-th `name` line from `from` up to the VEVENT's end, moved by `offset` lines. */
function nthProperty(
  lines: ContentLine[],
  from: number,
  name: string,
  nth: number,
  offset: number,
): ContentLine | null {
  const wanted = name.toUpperCase();
  let left = nth;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^END:VEVENT\s*$/i.test(l.text)) return null;
    if (propertyName(l.text) === wanted && left-- === 0)
      return offset === 0 ? l : { line: l.line + offset, text: l.text };
  }
  return null;
}
