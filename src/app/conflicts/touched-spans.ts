/**
 * Which days a batch of calendar changes touched, so that conflicts are recomputed there and
 * nowhere else: a rescheduled event touches where it was and where it is, a deleted one where it
 * was, any other change where the event is now. Spans are widened to whole UTC days plus a day
 * on each side (a person's day in their own zone, and a trip from the evening before), merged,
 * and cut into pieces of at most MAX_SPAN_DAYS so a long range never loads at once.
 */
import type { LoggedChange } from '../../store/store.js';

export interface TimeSpan {
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;
export const MAX_SPAN_DAYS = 14;

/** Where a change happened; `current` is the event as stored now (absent when deleted). */
export function spansOfChange(
  change: LoggedChange['change'],
  current: { start: string; end: string } | undefined,
): TimeSpan[] {
  const span = (times: { start: string; end: string }): TimeSpan => ({
    from: Date.parse(times.start),
    to: Date.parse(times.end),
  });
  switch (change.kind) {
    case 'rescheduled':
      return [span(change.previous), span(change.current)];
    case 'deleted':
      return [span(change)];
    default:
      return current ? [span(current)] : [];
  }
}

/** Whole UTC days around the spans, a day of margin each side, merged and cut into pieces. */
export function touchedDays(spans: readonly TimeSpan[]): TimeSpan[] {
  const widened = spans
    .filter((s) => Number.isFinite(s.from) && Number.isFinite(s.to))
    .map((s) => ({
      from: Math.floor(s.from / DAY_MS) * DAY_MS - DAY_MS,
      to: (Math.floor(Math.max(s.to, s.from + 1) / DAY_MS) + 2) * DAY_MS,
    }))
    .sort((a, b) => a.from - b.from);
  const merged: TimeSpan[] = [];
  for (const span of widened) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged.flatMap(cut);
}

function cut(span: TimeSpan): TimeSpan[] {
  const pieces: TimeSpan[] = [];
  for (let from = span.from; from < span.to; from += MAX_SPAN_DAYS * DAY_MS)
    pieces.push({ from, to: Math.min(span.to, from + MAX_SPAN_DAYS * DAY_MS) });
  return pieces;
}
