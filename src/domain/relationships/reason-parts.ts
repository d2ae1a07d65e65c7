/**
 * Reasons in parts: the words, and apart from them what a reader may write in their own way (a
 * date in their time zone) or count again (days up to their now). The API sends the parts beside
 * the English reasons, so that the dashboard never parses words; the English reason is the parts
 * written by the server's rule (`reasonText`), so the two cannot drift apart.
 *
 * Day counts, two rules:
 * - A count that sits beside a calendar date ("40 days (last on 2026-10-19)", "7 days ago
 *   (2026-11-21)": `daysSince`, `daysAgo`) is read against that date, so a reader counts it in
 *   calendar days of their own zone, from the instant's date to today's; never fewer than the
 *   whole 24-hour periods that the stage thresholds count (those can run ahead of the calendar
 *   only in the hour after a clock goes back), so that it never says less than the threshold its
 *   stage was given by ("dormant after 90").
 * - A count compared with a threshold and beside no date (`elapsedSince`, `days`) is whole
 *   24-hour periods, as the thresholds count, unless that would not exceed `moreThan` (the
 *   figure the reason's words say it exceeds): then it is given to a tenth of a day, rounded up.
 * The server writes every count in whole 24-hour periods and dates as YYYY-MM-DD in UTC (the
 * offline contract's reasons, unchanged).
 */
import { DAY_MS } from './units.js';
import { dateText } from './date-text.js';
import { counted } from './text.js';
import { compact } from './compact.js';

export type ReasonPart =
  | { readonly text: string }
  /** The date of an instant (epoch ms). */
  | { readonly date: number }
  /** `N days`: from the instant to now, counted against the instant's date (calendar rule). */
  | { readonly daysSince: number }
  /**
   * `N days ago (DATE)`, or `on DATE` when N is 0 (calendar rule). `until`: the instant the
   * stage this reason explains ends by its own rule; the count is taken no later than just before
   * it, so that the words stay true of that stage ("new for 30 days").
   */
  | { readonly daysAgo: number; readonly until?: number }
  /**
   * `N days`: whole 24-hour periods from the instant to now, said to be more than `moreThan`;
   * `until` as for daysAgo.
   */
  | { readonly elapsedSince: number; readonly moreThan: number; readonly until?: number }
  /** `N` (days, the unit in the words): a length in ms, said to be more than `moreThan` days. */
  | { readonly span: number; readonly moreThan: number };

/** One reason: its parts in order. */
export type Reason = readonly ReasonPart[];

/** What a template may hold: words, numbers, a part, or a reason's parts to splice in. */
type Piece = string | number | ReasonPart | Reason;

/**
 * A reason from a template: its strings and its string or number values are words (adjacent
 * ones joined into one text part), its other values parts.
 */
export function reason(strings: TemplateStringsArray, ...values: Piece[]): ReasonPart[] {
  const parts: ReasonPart[] = [];
  // Words gathered, then joined: a concatenation is kept as a tree of pieces (text.ts says why).
  let words: string[] = [strings[0] as string];
  const flush = () => {
    const joined = words.join('');
    if (joined !== '') parts.push({ text: joined });
    words = [];
  };
  const add = (piece: Piece) => {
    if (typeof piece === 'string' || typeof piece === 'number') words.push(String(piece));
    else if (Array.isArray(piece)) for (const part of piece as Reason) add(part);
    else if ('text' in (piece as ReasonPart)) words.push((piece as { text: string }).text);
    else {
      flush();
      parts.push(piece as ReasonPart);
    }
  };
  values.forEach((value, i) => {
    add(value);
    words.push(strings[i + 1] as string);
  });
  flush();
  // Kept, with each stage change, for as long as the analysis is: no spare room (compact.ts).
  return compact(parts);
}

/** A reason of words only. */
export function wordsOnly(words: string): Reason {
  return [{ text: words }];
}

const wholeDays = (ms: number) => Math.floor(ms / DAY_MS);

/** The English reason: the parts written at `at` by the server's rule (see the file's comment). */
export function reasonText(parts: Reason, at: number): string {
  // Joined, not concatenated: a concatenation is kept as a tree of pieces (text.ts says why).
  return parts.map((part) => partText(part, at)).join('');
}

function partText(part: ReasonPart, at: number): string {
  if ('text' in part) return part.text;
  if ('date' in part) return dateText(part.date);
  if ('daysSince' in part) return counted(wholeDays(at - part.daysSince), 'day');
  if ('daysAgo' in part) {
    const age = wholeDays(countedTo(part, at) - part.daysAgo);
    return age === 0
      ? `on ${dateText(part.daysAgo)}`
      : `${counted(age, 'day')} ago (${dateText(part.daysAgo)})`;
  }
  if ('elapsedSince' in part)
    return counted(wholeDays(countedTo(part, at) - part.elapsedSince), 'day');
  return String(wholeDays(part.span));
}

/** Where a count read at `at` stops: just before `until`, when that came first. */
function countedTo(part: { readonly until?: number }, at: number): number {
  return part.until === undefined ? at : Math.min(at, part.until - 1);
}

/** Each reason's English text at `at`. */
export function reasonTexts(reasons: readonly Reason[], at: number): string[] {
  return reasons.map((parts) => reasonText(parts, at));
}
