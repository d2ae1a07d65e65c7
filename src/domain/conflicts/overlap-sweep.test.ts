import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityFromEvents } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent } from './make-event.js';
import { findOverlapGroups, overlapSpan } from './overlap-sweep.js';
import { findOverlappingEvents } from './overlaps.js';
import { conflictSettings } from './settings.js';
import type { ConflictEvent, TimeRange } from './types.js';
import { startOfDate } from './zones.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const BASE = Date.parse('2026-03-02T00:00:00Z');
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

/**
 * The reference: the set of non-empty ranges open at each start (half-open ranges that all
 * intersect share an instant, and a range's start is the first instant it is open), with two or
 * more, the sets inside another dropped: the maximal cliques of the overlap graph.
 */
function bruteForceGroups(ranges: readonly TimeRange[]): number[][] {
  const live = ranges.flatMap((r, i) => (r.end > r.start ? [i] : []));
  const sets = new Map<string, number[]>();
  for (const i of live) {
    const at = ranges[i]!.start;
    const open = live.filter((j) => ranges[j]!.start <= at && at < ranges[j]!.end);
    if (open.length > 1) sets.set(open.join(','), open);
  }
  const all = [...sets.values()];
  return all.filter(
    (set) => !all.some((other) => other !== set && set.every((i) => other.includes(i))),
  );
}

/** The reference's double-booked span: the instants every range of the group shares. */
function bruteForceSpan(ranges: readonly TimeRange[], group: readonly number[]): TimeRange {
  return {
    start: Math.max(...group.map((i) => ranges[i]!.start)),
    end: Math.min(...group.map((i) => ranges[i]!.end)),
  };
}

function canonical(groups: number[][], name: (i: number) => string = String): string[] {
  return groups.map((g) => g.map(name).sort().join(',')).sort();
}

const rangeArb = fc
  .record({
    start: fc.integer({ min: 0, max: 200 }),
    length: fc.integer({ min: -2, max: 40 }),
  })
  .map(({ start, length }) => ({
    start: start * 15 * MINUTE,
    end: (start + length) * 15 * MINUTE,
  }));

describe('findOverlapGroups', () => {
  it('equals the maximal cliques of the reference on random ranges (empty and reversed included)', () => {
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 60 }), (ranges) => {
        const groups = findOverlapGroups(ranges);
        expect(canonical(groups)).toEqual(canonical(bruteForceGroups(ranges)));
        for (const group of groups)
          expect(overlapSpan(ranges, group)).toEqual(bruteForceSpan(ranges, group));
      }),
      { numRuns: 500 },
    );
  });

  it('does not join touching ends, splits a chain into its cliques, and skips empty ranges', () => {
    const h = (hour: number) => hour * 3_600_000;
    const ranges = [
      { start: h(9), end: h(10) },
      { start: h(10), end: h(11) }, // touches the first: no conflict
      { start: h(12), end: h(13) },
      { start: h(12.5), end: h(14) },
      { start: h(13.5), end: h(15) }, // a chain: 12-13 and 13:30-15 do not meet, two groups
      { start: h(14.5), end: h(14.5) }, // empty: a reminder, overlaps nothing
    ];
    expect(findOverlapGroups(ranges)).toEqual([
      [2, 3],
      [3, 4],
    ]);
    expect(overlapSpan(ranges, [2, 3])).toEqual({ start: h(12.5), end: h(13) });
    expect(overlapSpan(ranges, [3, 4])).toEqual({ start: h(13.5), end: h(14) });
  });
});

interface Draft {
  owner: number;
  allDay: boolean;
  zone: number;
  startStep: number;
  /** Quarter hours; 0 is a zero-length event. */
  length: number;
  days: number;
  status: ConflictEvent['status'];
  transparency: ConflictEvent['transparency'];
  response: 'accepted' | 'declined' | 'tentative' | 'needsAction' | null;
}

const draftArb: fc.Arbitrary<Draft> = fc.record({
  owner: fc.integer({ min: 0, max: 2 }),
  allDay: fc.boolean(),
  zone: fc.integer({ min: 0, max: ZONES.length - 1 }),
  startStep: fc.integer({ min: 0, max: 4 * 24 * 5 }),
  length: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 16 }),
    fc.integer({ min: 96, max: 300 }),
  ),
  days: fc.integer({ min: 1, max: 3 }),
  status: fc.constantFrom('confirmed', 'confirmed', 'tentative', 'cancelled'),
  transparency: fc.constantFrom('opaque', 'opaque', 'transparent'),
  response: fc.constantFrom('accepted', 'declined', 'tentative', 'needsAction', null),
});

function toEvent(draft: Draft, index: number): ConflictEvent {
  const owner = `person${draft.owner}@northwind.io`;
  const zone = ZONES[draft.zone]!;
  let start = BASE + draft.startStep * 15 * MINUTE;
  let end = start + draft.length * 15 * MINUTE;
  if (draft.allDay) {
    const day = new Date(BASE + Math.floor(draft.startStep / 96) * DAY).toISOString().slice(0, 10);
    const after = new Date(Date.parse(day) + draft.days * DAY).toISOString().slice(0, 10);
    start = startOfDate(day, zone);
    end = startOfDate(after, zone);
  }
  return makeConflictEvent({
    id: `e${String(index).padStart(3, '0')}`,
    owner,
    title: `event ${index}`,
    start,
    end,
    allDay: draft.allDay,
    timeZone: zone,
    status: draft.status,
    transparency: draft.transparency,
    attendees: draft.response ? [{ email: owner, responseStatus: draft.response }] : [],
  });
}

/** The contract's rule, written out again for the reference. */
function blocksByContract(event: ConflictEvent): boolean {
  const own = event.attendees.find((a) => a.email === event.owner);
  return (
    event.transparency === 'opaque' &&
    event.status !== 'cancelled' &&
    own?.responseStatus !== 'declined' &&
    event.end > event.start
  );
}

function referenceByOwner(events: readonly ConflictEvent[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const owner of new Set(events.map((e) => e.owner))) {
    const mine = events.filter((e) => e.owner === owner && blocksByContract(e));
    result.set(
      owner,
      canonical(bruteForceGroups(mine), (i) => mine[i]!.id),
    );
  }
  return result;
}

describe('overlap conflicts against the pairwise reference', () => {
  const settings = conflictSettings({ internalDomains: ['northwind.io'] });

  it('detectConflicts reports exactly the reference groups, per owner, with their spans', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 30 }), (drafts) => {
        const events = drafts.map(toEvent);
        const conflicts = detectConflicts(
          events,
          settings,
          availabilityFromEvents(events),
          BASE - DAY,
        ).filter((c) => c.kind === 'overlap');
        const reference = referenceByOwner(events);
        for (const [owner, groups] of reference) {
          const found = conflicts.filter((c) => c.owner === owner).map((c) => c.eventIds.join(','));
          expect(found.sort()).toEqual(groups);
        }
        const byId = new Map(events.map((e) => [e.id, e]));
        for (const conflict of conflicts) {
          const members = conflict.eventIds.map((id) => byId.get(id)!);
          const span = bruteForceSpan(
            members,
            members.map((_, i) => i),
          );
          expect({ start: conflict.start, end: conflict.end }).toEqual(span);
          expect(conflict.key).toBe(`overlap:${conflict.owner}:${conflict.eventIds.join(',')}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('findOverlappingEvents (the benchmarked sweep) agrees with the reference too', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { maxLength: 40 }), (drafts) => {
        const events = drafts.map(toEvent);
        const found = new Map<string, string[]>();
        for (const group of findOverlappingEvents(events)) {
          found.set(group.owner, [
            ...(found.get(group.owner) ?? []),
            group.events
              .map((e) => e.id)
              .sort()
              .join(','),
          ]);
        }
        for (const [owner, groups] of referenceByOwner(events))
          expect((found.get(owner) ?? []).sort()).toEqual(groups);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same conflicts whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.array(draftArb, { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        (drafts, seed) => {
          const events = drafts.map(toEvent);
          const shuffled = [...events].sort(
            (a, b) => ((Number(a.id.slice(1)) * seed) % 97) - ((Number(b.id.slice(1)) * seed) % 97),
          );
          const run = (list: ConflictEvent[]) =>
            detectConflicts(list, settings, availabilityFromEvents(list), BASE - DAY);
          expect(run(shuffled)).toEqual(run(events));
        },
      ),
      { numRuns: 50 },
    );
  });
});
