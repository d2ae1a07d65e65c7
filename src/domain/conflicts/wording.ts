/**
 * Advice in words with its instants kept apart, so that a reader with its own way of writing
 * dates (the dashboard: the browser's locale, the profile's zone) writes them itself, and the
 * text everyone else reads is the same as before (`wordingText`).
 */
import { formatLocal, isValidZone } from './zones.js';

/** A piece of advice: words as they read, or an instant (ISO) in the zone the words meant. */
export type WordingPart = { text: string } | { at: string; zone: string };

/** An instant (UTC ms) told in a zone, for `wording`. */
export interface ToldInstant {
  ms: number;
  zone: string | null;
}

/** An instant to tell in `zone` (not an IANA zone: UTC, as `formatLocal` reads it). */
export function toldAt(ms: number, zone: string | null): ToldInstant {
  return { ms, zone };
}

/** The parts of words and instants in order, neighbouring words joined into one part. */
export function wording(...pieces: readonly (string | ToldInstant)[]): WordingPart[] {
  const parts: WordingPart[] = [];
  for (const piece of pieces) {
    const last = parts.at(-1);
    if (typeof piece !== 'string')
      parts.push({
        at: new Date(piece.ms).toISOString(),
        zone: isValidZone(piece.zone) ? piece.zone : 'UTC',
      });
    else if (piece === '') continue;
    else if (last && 'text' in last) last.text += piece;
    else parts.push({ text: piece });
  }
  return parts;
}

/** The advice as text: instants as "Tue 2026-03-10 10:00 (Europe/Berlin)". */
export function wordingText(parts: readonly WordingPart[]): string {
  return parts
    .map((part) => ('text' in part ? part.text : formatLocal(Date.parse(part.at), part.zone)))
    .join('');
}
