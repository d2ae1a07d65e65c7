/**
 * Overlap conflicts are the maximal cliques of the overlap graph: every listed pair of events
 * conflicts (contract: analysis-io.md, conflicts), and a chain A-B-C where A and C do not meet is
 * two conflicts, not one.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded-random.js';
import { availabilityFromEvents } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent } from './make-event.js';
import { findOverlapGroups, overlapSpan } from './overlap-sweep.js';
import { findOverlappingEvents } from './overlaps.js';
import { conflictSettings } from './settings.js';
import type { Conflict, ConflictEvent, TimeRange } from './types.js';

const ANA = 'ana@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);
const settings = conflictSettings({ internalDomains: ['northwind.io'] });

const event = (id: string, from: string, to: string) =>
  makeConflictEvent({ id, owner: ANA, title: id, start: at(from), end: at(to) });

function overlapsOf(events: ConflictEvent[]): Array<Pick<Conflict, 'eventIds' | 'start' | 'end'>> {
  return detectConflicts(events, settings, availabilityFromEvents(events), NOW)
    .filter((c) => c.kind === 'overlap')
    .map(({ eventIds, start, end }) => ({ eventIds, start, end }));
}

describe('overlap conflicts are maximal cliques', () => {
  it('a chain where the ends do not meet is two conflicts, each with its own span', () => {
    const events = [
      event('a', '09:00', '10:30'),
      event('b', '10:00', '11:30'),
      event('c', '11:00', '12:30'),
    ];
    expect(overlapsOf(events)).toEqual([
      { eventIds: ['a', 'b'], start: at('10:00'), end: at('10:30') },
      { eventIds: ['b', 'c'], start: at('11:00'), end: at('11:30') },
    ]);
    const conflicts = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
    // Each conflict speaks only of its own events.
    for (const conflict of conflicts)
      for (const suggestion of conflict.suggestions)
        expect(conflict.eventIds).toContain(suggestion.eventId);
    expect(conflicts.map((c) => c.key)).toEqual([`overlap:${ANA}:a,b`, `overlap:${ANA}:b,c`]);
  });

  it('three meetings at the same time are one conflict with three events', () => {
    const events = [
      event('x', '10:00', '11:00'),
      event('y', '10:00', '11:00'),
      event('z', '10:00', '11:00'),
    ];
    expect(overlapsOf(events)).toEqual([
      { eventIds: ['x', 'y', 'z'], start: at('10:00'), end: at('11:00') },
    ]);
  });

  it('a long meeting over three short back-to-back ones is three conflicts, one per short one', () => {
    const events = [
      event('long', '09:00', '12:00'),
      event('s1', '09:00', '10:00'),
      event('s2', '10:00', '11:00'),
      event('s3', '11:00', '12:00'),
    ];
    expect(overlapsOf(events)).toEqual([
      { eventIds: ['long', 's1'], start: at('09:00'), end: at('10:00') },
      { eventIds: ['long', 's2'], start: at('10:00'), end: at('11:00') },
      { eventIds: ['long', 's3'], start: at('11:00'), end: at('12:00') },
    ]);
  });

  it('touching ends are no conflict', () => {
    const events = [
      event('a', '09:00', '10:00'),
      event('b', '10:00', '11:00'),
      event('c', '11:00', '12:00'),
    ];
    expect(overlapsOf(events)).toEqual([]);
    expect(findOverlapGroups(events)).toEqual([]);
  });

  it('a shortening clears the events the meeting overlaps in its other conflicts too', () => {
    const customer = (id: string, from: string, to: string) =>
      makeConflictEvent({
        ...event(id, from, to),
        organizer: { email: `sam@${id}.com` },
        attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: `sam@${id}.com` }],
      });
    const planning = makeConflictEvent({
      ...event('planning', '09:00', '13:00'),
      organizer: { email: ANA },
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: 'ben@northwind.io', responseStatus: 'accepted' },
      ],
    });
    const events = [
      planning,
      customer('acme', '11:30', '12:00'),
      customer('globex', '12:30', '13:00'),
    ];
    const conflicts = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
    expect(conflicts.map((c) => c.eventIds)).toEqual([
      ['acme', 'planning'],
      ['globex', 'planning'],
    ]);
    for (const conflict of conflicts) {
      const shorten = conflict.suggestions.find((s) => s.action === 'shorten');
      // Ending at 12:30 would clear Globex and still clash with Acme.
      expect(shorten).toMatchObject({
        eventId: 'planning',
        to: { start: at('09:00'), end: at('11:30') },
      });
    }
  });

  it('the benchmarked sweep gives the same cliques', () => {
    const events = [
      event('a', '09:00', '10:30'),
      event('b', '10:00', '11:30'),
      event('c', '11:00', '12:30'),
    ];
    expect(findOverlappingEvents(events).map((g) => g.events.map((e) => e.id))).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });
});

const intersect = (a: TimeRange, b: TimeRange) =>
  a.end > a.start && b.end > b.start && a.start < b.end && b.start < a.end;

/** Random ranges on a quarter-hour grid: touching ends, equal ranges, empty and reversed ones. */
function randomRanges(random: () => number, count: number): TimeRange[] {
  const q = 15 * 60_000;
  return Array.from({ length: count }, () => {
    const start = Math.floor(random() * 80);
    const length = random() < 0.1 ? -Math.floor(random() * 3) : 1 + Math.floor(random() * 16);
    return { start: start * q, end: (start + length) * q };
  });
}

/** What is wrong with `groups` as the maximal cliques of `ranges` (nothing: an empty list). */
function cliqueProblems(ranges: readonly TimeRange[], groups: readonly number[][]): string[] {
  const problems: string[] = [];
  const sets = groups.map((g) => new Set(g));
  groups.forEach((group, g) => {
    const name = `group ${g} [${group.join(',')}]`;
    if (group.length < 2) problems.push(`${name}: fewer than two ranges`);
    for (let k = 1; k < group.length; k++) {
      const [i, j] = [group[k - 1]!, group[k]!];
      const [a, b] = [ranges[i]!, ranges[j]!];
      if (!(a.start < b.start || (a.start === b.start && i < j)))
        problems.push(`${name}: not in (start, index) order`);
    }
    for (const i of group)
      for (const j of group)
        if (i < j && !intersect(ranges[i]!, ranges[j]!))
          problems.push(`${name}: ${i} and ${j} do not intersect`);
    for (let r = 0; r < ranges.length; r++)
      if (!sets[g]!.has(r) && group.every((i) => intersect(ranges[i]!, ranges[r]!)))
        problems.push(`${name}: ${r} meets every member, so the group is not maximal`);
    sets.forEach((other, o) => {
      if (o !== g && group.every((i) => other.has(i))) problems.push(`${name}: inside group ${o}`);
    });
    const span = overlapSpan(ranges, group);
    const start = Math.max(...group.map((i) => ranges[i]!.start));
    const end = Math.min(...group.map((i) => ranges[i]!.end));
    if (span.start !== start || span.end !== end || !(end > start))
      problems.push(`${name}: span ${span.start}-${span.end}, not ${start}-${end}`);
    // In time order: spans never overlap (at each instant one set of ranges is open).
    if (g > 0 && span.start < overlapSpan(ranges, groups[g - 1]!).end)
      problems.push(`${name}: starts before the previous group's span ends`);
  });
  for (let i = 0; i < ranges.length; i++)
    for (let j = i + 1; j < ranges.length; j++)
      if (intersect(ranges[i]!, ranges[j]!) && !sets.some((s) => s.has(i) && s.has(j)))
        problems.push(`${i} and ${j} intersect but share no group`);
  return problems;
}

describe('findOverlapGroups on random ranges (seeded)', () => {
  it('every group is a clique, every overlapping pair is in one, none is inside another, none can grow', () => {
    const random = seededRandom(20_260_310);
    for (let round = 0; round < 400; round++) {
      const ranges = randomRanges(random, Math.floor(random() * 40));
      const problems = cliqueProblems(ranges, findOverlapGroups(ranges));
      if (problems.length > 0)
        expect({ round, ranges, problems }).toEqual({ round, ranges, problems: [] });
    }
  });

  it('detectConflicts lists only events that all overlap, over their common span', () => {
    const random = seededRandom(7_331);
    for (let round = 0; round < 100; round++) {
      const events = randomRanges(random, 2 + Math.floor(random() * 25)).map((r, i) =>
        makeConflictEvent({ id: `e${String(i).padStart(2, '0')}`, owner: ANA, ...r }),
      );
      const byId = new Map(events.map((e) => [e.id, e]));
      const conflicts = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
      for (const conflict of conflicts.filter((c) => c.kind === 'overlap')) {
        // Ids are sorted: then by start, as the sweep orders a group.
        const members = conflict.eventIds
          .map((id) => byId.get(id)!)
          .sort((a, b) => a.start - b.start);
        const indices = members.map((_, i) => i);
        expect(cliqueProblems(members, [indices])).toEqual([]);
        expect(conflict.start).toBe(Math.max(...members.map((e) => e.start)));
        expect(conflict.end).toBe(Math.min(...members.map((e) => e.end)));
      }
    }
  });
});

describe('two events that read the same in one overlap', () => {
  const settings = conflictSettings({ internalDomains: ['northwind.io'] });
  const at = (time: string) => Date.parse(`2026-12-09T${time}:00Z`);
  const owner = 'dana@northwind.io';
  const demo = (id: string, calendarName: string | null, attendees: string[]) =>
    makeConflictEvent({
      id,
      owner,
      calendarId: `cal-${id}`,
      calendarName,
      title: 'Product demo – Atlas Energy',
      start: at('10:00'),
      end: at('11:00'),
      organizer: { email: owner },
      attendees: attendees.map((email) => ({ email })),
    });
  const review = makeConflictEvent({
    id: 'review',
    owner,
    title: 'Commercial proposal review (Wayne Robotics)',
    start: at('10:45'),
    end: at('11:30'),
    organizer: { email: owner },
    attendees: [{ email: 'bruce@wayne.example' }],
  });
  const reasonsOf = (events: ConflictEvent[]) =>
    detectConflicts(events, settings, availabilityFromEvents(events), at('00:00')).find(
      (c) => c.kind === 'overlap',
    )?.reasons ?? [];

  it('tells them apart by their calendars and never repeats a line', () => {
    const reasons = reasonsOf([
      demo('a', "Google 'Dana Reyes'", ['dana@northwind.io', 'lee@atlas.example']),
      demo('b', "ICS calendar 'Acc trips'", []),
      review,
    ]);
    expect(reasons).toEqual([
      '3 events all overlap for 15 min',
      `"Product demo – Atlas Energy" on Google 'Dana Reyes' and "Product demo – Atlas Energy" on ICS calendar 'Acc trips' overlap by 60 min`,
      `"Product demo – Atlas Energy" on Google 'Dana Reyes' and "Commercial proposal review (Wayne Robotics)" overlap by 15 min`,
      `"Product demo – Atlas Energy" on ICS calendar 'Acc trips' and "Commercial proposal review (Wayne Robotics)" overlap by 15 min`,
    ]);
  });

  it('says a line once when not even their calendars are named', () => {
    const reasons = reasonsOf([
      demo('a', null, ['dana@northwind.io', 'lee@atlas.example']),
      demo('b', null, []),
      review,
    ]);
    expect(new Set(reasons).size).toBe(reasons.length);
  });

  it('on same-named calendars, tells them apart by time, and keeps a line for each', () => {
    const on = (id: string, start: string, end: string) =>
      makeConflictEvent({
        id,
        owner,
        calendarId: `cal-${id}`,
        calendarName: 'Work',
        title: 'Demo',
        start: at(start),
        end: at(end),
        status: 'tentative',
        organizer: { email: owner },
      });
    const reasons = reasonsOf([on('a', '10:00', '11:00'), on('b', '10:30', '11:30')]);
    expect(reasons).toEqual([
      '"Demo" at 10:00 and "Demo" at 10:30 overlap by 30 min',
      '"Demo" at 10:00 is tentative',
      '"Demo" at 10:30 is tentative',
    ]);
  });

  it('names the calendar only of the one whose calendar differs', () => {
    const on = (id: string, calendarName: string, start: string) =>
      makeConflictEvent({
        id,
        owner,
        calendarId: `cal-${id}`,
        calendarName,
        title: 'Demo',
        start: at(start),
        end: at('11:30'),
        organizer: { email: owner },
      });
    const reasons = reasonsOf([
      on('a', 'Work', '10:00'),
      on('b', 'Work', '10:15'),
      on('c', 'Home', '10:30'),
    ]);
    expect(reasons.slice(1)).toEqual([
      '"Demo" on Work at 10:00 and "Demo" on Work at 10:15 overlap by 75 min',
      '"Demo" on Work at 10:00 and "Demo" on Home overlap by 60 min',
      '"Demo" on Work at 10:15 and "Demo" on Home overlap by 60 min',
    ]);
  });
});
