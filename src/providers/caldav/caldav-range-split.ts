/**
 * Listing a time range whole when the server cuts its answers short. A part of a calendar taken
 * for all of it would turn the rest into deletions, so a range is halved until every part is
 * answered whole, and the listing fails (as transient) rather than be taken as complete.
 */
import type { Listing, ObjectVersion } from './caldav-types.js';
import { truncatedListing } from './caldav-multistatus.js';

export interface TimeRange {
  from: Date;
  to: Date;
}

/** One time-range query's answer, and whether the server said it cut it short (507). */
export interface RangeAnswer extends Listing {
  truncated: boolean;
}

/**
 * Every object `query` lists over `range`: a part whose answer was cut short is asked again for
 * each of its halves, breadth first, until `maxSplits` halvings; one still cut short then fails.
 */
export async function listRangeInHalves(
  calendarUrl: string,
  range: TimeRange,
  maxSplits: number,
  query: (range: TimeRange) => Promise<RangeAnswer>,
): Promise<Listing> {
  const found = new Map<string, ObjectVersion>();
  const malformed = new Set<string>();
  const parts = [{ range, splits: 0 }];
  for (let part = parts.shift(); part; part = parts.shift()) {
    const answer = await query(part.range);
    // What a cut-short answer did list is right; an object in both halves is listed once.
    for (const version of answer.versions) found.set(version.href, version);
    for (const href of answer.malformed) malformed.add(href);
    if (!answer.truncated) continue;
    const { from, to } = part.range;
    const middle = new Date(from.getTime() + Math.floor((to.getTime() - from.getTime()) / 2));
    if (part.splits >= maxSplits || middle <= from)
      throw truncatedListing(
        `querying ${calendarUrl} from ${from.toISOString()} to ${to.toISOString()}, ` +
          `after halving the range ${part.splits} times`,
      );
    parts.push(
      { range: { from, to: middle }, splits: part.splits + 1 },
      { range: { from: middle, to }, splits: part.splits + 1 },
    );
  }
  return { versions: [...found.values()], malformed: [...malformed] };
}
