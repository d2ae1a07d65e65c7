/** Expands every series of a parsed calendar. */
import type { ParsedCalendar } from '../ical/parse-calendar.js';
import { compareText, expandSeriesDrafts, toInstance, type Draft } from './expand-series.js';
import type { ExpandOptions, ExpandResult } from './types.js';


/** All series' instances in the window (rule as expandSeries), sorted by start, then uid, then recurrence id. */
export function expandCalendar(
  calendar: ParsedCalendar,
  window: { from: Date; to: Date },
  options: ExpandOptions,
): ExpandResult {
  const all: { startMs: number; uid: string; draft: Draft }[] = [];
  const result: ExpandResult = { instances: [], problems: [], truncated: [] };
  for (const series of calendar.series) {
    const one = expandSeriesDrafts(series, window, options);
    for (const draft of one.drafts) all.push({ startMs: draft.startMs, uid: series.uid, draft });
    for (const p of one.problems) result.problems.push(p);
    for (const t of one.truncated) result.truncated.push(t);
  }
  // Numbers first: comparing instants as numbers is much cheaper than as ISO strings.
  all.sort(
    (a, b) =>
      a.startMs - b.startMs ||
      compareText(a.uid, b.uid) ||
      compareText(a.draft.recurrenceId ?? '', b.draft.recurrenceId ?? ''),
  );
  result.instances = all.map((e) => toInstance(e.uid, e.draft));
  return result;
}
