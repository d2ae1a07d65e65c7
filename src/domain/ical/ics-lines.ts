/**
 * Line-level view of an iCalendar text, used only to name lines in problems and to cut a broken
 * file into blocks (the fast path hands the whole text to ical.js and never splits it).
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

  /** The line of the first `name` property in the VEVENT that begins at `beginLine`. */
  propertyLine(beginLine: number, name: string): number | null {
    const lines = this.all();
    let i = indexOfLine(lines, beginLine);
    if (i < 0) return null;
    const wanted = name.toUpperCase();
    for (i += 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (/^END:VEVENT\s*$/i.test(l.text)) return null;
      if (propertyName(l.text) === wanted) return l.line;
    }
    return null;
  }
}
