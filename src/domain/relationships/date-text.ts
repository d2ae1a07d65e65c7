/** Dates as the server writes them in reasons: YYYY-MM-DD, UTC. */
import { DAY_MS } from './units.js';

/**
 * One text per day: a full recompute writes about one per stage change, and a Date with its ISO
 * text took about half a microsecond each (measured) where a map lookup takes a few tens of
 * nanoseconds. Forgotten wholesale past a size, so that memory stays bounded.
 */
const dateTexts = new Map<number, string>();
const DATE_TEXT_LIMIT = 20_000;
/** The largest instant a Date holds; beyond it toISOString throws, and must still. */
const MAX_DATE_MS = 8.64e15;

/** The UTC date of an instant, YYYY-MM-DD. */
export function dateText(at: number): string {
  if (!(Math.abs(at) <= MAX_DATE_MS)) return new Date(at).toISOString().slice(0, 10);
  // A Date truncates its time value towards zero: the day is that of the truncated instant.
  const day = Math.floor(Math.trunc(at) / DAY_MS);
  let text = dateTexts.get(day);
  if (text === undefined) {
    text = new Date(at).toISOString().slice(0, 10);
    if (dateTexts.size >= DATE_TEXT_LIMIT) dateTexts.clear();
    dateTexts.set(day, text);
  }
  return text;
}
