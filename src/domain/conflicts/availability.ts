/**
 * Busy time per person from calendar copies: each owner's blocking events (blocking.ts) are that
 * person's busy time. Only owners' calendars count as known: an attendee whose calendar is not
 * among the events is not known, and a slot cannot be promised for them.
 */
import { blocksTime } from './blocking.js';
import { isMadeUpUid } from '../ical/made-up-uid.js';
import type { Availability, BusyRange, ConflictEvent } from './types.js';

interface Calendar {
  ranges: BusyRange[];
  /** reach[i]: the latest end among ranges[0..i] (non-decreasing, so it can be bisected). */
  reach: number[];
}

/**
 * `alsoKnown`: people whose calendars were read and had nothing in the range (free the whole
 * time), so that a suggested slot may count on them rather than call them unknown.
 */
export function availabilityFromEvents(
  events: readonly ConflictEvent[],
  alsoKnown: Iterable<string> = [],
): Availability {
  const byOwner = new Map<string, BusyRange[]>();
  for (const email of alsoKnown) byOwner.set(email.trim().toLowerCase(), []);
  for (const event of events) {
    const owner = event.owner.trim().toLowerCase();
    let ranges = byOwner.get(owner);
    if (!ranges) byOwner.set(owner, (ranges = []));
    if (blocksTime(event)) ranges.push(busyRangeOf(event));
  }
  const calendars = new Map<string, Calendar>();
  for (const [owner, ranges] of byOwner) {
    ranges.sort((a, b) => a.start - b.start || a.end - b.end);
    let latest = -Infinity;
    const reach = ranges.map((r) => (latest = Math.max(latest, r.end)));
    calendars.set(owner, { ranges, reach });
  }
  return {
    knows: (email) => calendars.has(email.trim().toLowerCase()),
    busy: (email, from, to) => {
      const calendar = calendars.get(email.trim().toLowerCase());
      return calendar ? busyWithin(calendar, from, to) : [];
    },
  };
}

/** An event's busy time, with what tells which meeting and which instance of it it is. */
export function busyRangeOf(event: ConflictEvent): BusyRange {
  return {
    start: event.start,
    end: event.end,
    eventId: event.id,
    iCalUid: event.iCalUid,
    originalStart: event.originalStart ?? null,
  };
}

/**
 * Whether a busy range is a copy of this very event: itself, or a copy of the same instance on
 * another calendar (same UID and the same original start). The UID alone is not enough: every
 * instance of a series shares it, and the other instances are busy time like any other. A UID
 * the ICS parser made up (isMadeUpUid) names no copy on another person's calendar: their file
 * gives it to another meeting with the same start, summary and organiser.
 */
export function isCopyOf(range: BusyRange, event: ConflictEvent): boolean {
  if (range.eventId === event.id) return true;
  if (!event.iCalUid || range.iCalUid !== event.iCalUid) return false;
  if (isMadeUpUid(event.iCalUid)) return false;
  return (range.originalStart ?? range.start) === (event.originalStart ?? event.start);
}

function busyWithin(calendar: Calendar, from: number, to: number): BusyRange[] {
  // The first range that could still be running at `from`: every earlier one ended by then.
  let low = 0;
  let high = calendar.ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((calendar.reach[mid] as number) <= from) low = mid + 1;
    else high = mid;
  }
  const found: BusyRange[] = [];
  for (let i = low; i < calendar.ranges.length; i++) {
    const range = calendar.ranges[i] as BusyRange;
    if (range.start >= to) break;
    if (range.end > from) found.push(range);
  }
  return found;
}

/** Availability that knows nobody: suggestions then check the owner's own calendar only. */
export const NO_AVAILABILITY: Availability = { knows: () => false, busy: () => [] };
