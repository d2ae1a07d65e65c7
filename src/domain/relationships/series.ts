/**
 * An account's series: recurring series from providers (a series id on each instance) and
 * implicit ones (the same people meeting at a steady cadence without a recurrence rule). What
 * each summary says: series-summary.ts.
 */
import type { AddressBook } from './address-book.js';
import type { RelationshipMeeting } from './model.js';
import { implicitSeries, type SeriesInOrder } from './implicit-series.js';
import { bySlot, onePerSlot, type SeriesSummariser } from './series-summary.js';
import { compareText } from './timeline.js';

/**
 * The series of an account: provider series with at least one sales meeting (all their
 * instances, cancelled ones included, copies on several calendars merged per slot), then implicit series among the other sales meetings.
 * `all` is every meeting of the account in order; `sales` its sales meetings (copies merged).
 * Each series is summarised by `summarise` (in full, or the outline an account summary reads).
 * `salesKeys`: each sales meeting's people key, when the caller worked them out already.
 */
export function accountSeries<T extends SeriesInOrder>(
  all: readonly RelationshipMeeting[],
  sales: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
  summarise: SeriesSummariser<T>,
  salesKeys?: Float64Array,
): T[] {
  const provider = providerSeries(all, now, book, summarise);
  const implicit = implicitSeries(all, sales, now, book, summarise, salesKeys);
  return provider.length === 0 ? implicit : provider.concat(implicit);
}

function providerSeries<T>(
  all: readonly RelationshipMeeting[],
  now: number,
  book: AddressBook,
  summarise: SeriesSummariser<T>,
): T[] {
  // Most accounts have no provider series at all: then no set or map is built for them.
  if (!all.some((meeting) => meeting.isSalesMeeting && meeting.seriesId)) return [];
  const salesSeries = new Set<string>();
  for (const meeting of all)
    if (meeting.isSalesMeeting && meeting.seriesId) salesSeries.add(meeting.seriesId);
  const instances = new Map<string, RelationshipMeeting[]>();
  for (const meeting of all) {
    if (!meeting.seriesId || !salesSeries.has(meeting.seriesId)) continue;
    const list = instances.get(meeting.seriesId);
    if (list) list.push(meeting);
    else instances.set(meeting.seriesId, [meeting]);
  }
  return [...instances]
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, list]) => summarise('provider', id, onePerSlot(list.sort(bySlot)), now, book));
}
