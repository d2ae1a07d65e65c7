/** Expands every series of a parsed calendar. */
import type { ParsedCalendar } from '../ical/parse-calendar.js';
import {
  compareOriginals,
  compareText,
  expandSeriesDrafts,
  toInstance,
  type Draft,
} from './expand-series.js';
import type { ExpandOptions, ExpandResult } from './types.js';

/** All series' instances in the window (as expandSeries), sorted by start, uid, recurrence id. */
export function expandCalendar(
  calendar: ParsedCalendar,
  window: { from: Date; to: Date },
  options: ExpandOptions,
): ExpandResult {
  const all: Draft[] = [];
  const result: ExpandResult = { instances: [], problems: [], truncated: [] };
  for (const series of calendar.series) {
    const one = expandSeriesDrafts(series, window, options);
    for (const draft of one.drafts) all.push(draft);
    for (const p of one.problems) result.problems.push(p);
    for (const t of one.truncated) result.truncated.push(t);
  }
  // Numbers, not strings: instants as ms, uids by their rank in sorted order (many instances
  // share a start, so uids are compared often).
  const ranks = new Map(
    [...new Set(all.map((d) => d.uid))].sort(compareText).map((uid, i) => [uid, i]),
  );
  for (const d of all) d.uidRank = ranks.get(d.uid)!;
  all.sort((a, b) => a.startMs - b.startMs || a.uidRank - b.uidRank || compareOriginals(a, b));
  result.instances = all.map(toInstance);
  return result;
}
