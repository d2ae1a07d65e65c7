/**
 * `overlap` conflicts: per person, events that block time (blocking.ts) and intersect, one
 * conflict per maximal set of events that all overlap each other (a maximal clique, found by
 * overlap-sweep.ts), over the span they all share. Every pair of a conflict's events conflicts;
 * an event may be in several conflicts (a long meeting over two short ones in turn is two).
 *
 * Severity: high when two firm events overlap (confirmed, timed, accepted or the owner's own);
 * medium when two events that are not tentative overlap (an all-day busy event, an invitation
 * not answered yet); low when every overlap involves a tentative event.
 *
 * Suggestions touch every event but the one that matters most (priority.ts): release it if it is
 * the owner's own hold against a meeting with outsiders that the owner takes part in (on their
 * own calendar, naming them as a guest who has not declined or as the organiser: a colleague's
 * customer meeting on a calendar shared with them frees nothing), else reschedule, shorten, delegate or
 * decline it (moved or shortened only when the owner organises it: suggestions.ts). A shortening
 * clears every blocking event the event overlaps, in this conflict or another, so that it never
 * trades one conflict for the next. The owner's personal block (organised by them, nobody else
 * invited: "Kids pickup", "Focus time") is not moved out of the way of their own all-day block
 * ("Out of office"): both only say what the owner does that day, and another day is no answer;
 * the overlap is reported with nothing to do. Auto-resolvable exactly when
 * every event but one is the owner's own hold and that one is such a meeting with outsiders,
 * firmly theirs (confirmed, accepted or organised by them, not as an optional guest: people.ts
 * isFirmForOwner): releasing the holds resolves it and affects nobody. For an invitation not
 * accepted yet the release is only suggested. Events on a calendar shared with the owner
 * (not their own) are never released or declined, only advised on. A trip in the group (a
 * flight, a train) is never the one moved: the meetings it overlaps are (overlap-trips.ts).
 */
import { blocksTime, isFirm, isOrganisedByOwner, isTentative, ownerResponse } from './blocking.js';
import { makeConflict, minutes, quote, quoterFor } from './conflict.js';
import { findOverlapGroups, overlapSpan, overlappingPairs, sweepIndices } from './overlap-sweep.js';
import {
  isExternalMeeting,
  isFirmForOwner,
  isOwnersOwn,
  isReleasableHold,
  isReleaseTarget,
  otherPeople,
} from './people.js';
import {
  decline,
  delegate,
  rankSuggestions,
  release,
  reschedule,
  shorten,
  type SuggestionContext,
} from './suggestions.js';
import { tripOverlapSuggestions, tripsAmong } from './overlap-trips.js';
import type { PlaceContext } from './places.js';
import type { Conflict, ConflictEvent, Severity, Suggestion } from './types.js';

export interface OverlapGroup {
  owner: string;
  /** Events that all overlap each other (a maximal clique), in (start, input position) order. */
  events: ConflictEvent[];
}

/**
 * Every person's groups of mutually overlapping blocking events, without suggestions: the sweep the
 * benchmark measures. Events are bucketed by owner with a counting sort of their indices and
 * each owner's bucket swept in place: a few typed arrays for a million events, rather than an
 * array per owner, so that the garbage collector has next to nothing to trace.
 */
export function findOverlappingEvents(events: readonly ConflictEvent[]): OverlapGroup[] {
  const n = events.length;
  const owners: string[] = [];
  const ownerIds = new Map<string, number>();
  const ownerOf = new Int32Array(n).fill(-1);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const event = events[i] as ConflictEvent;
    if (!blocksTime(event)) continue;
    let owner = ownerIds.get(event.owner);
    if (owner === undefined) {
      ownerIds.set(event.owner, (owner = owners.length));
      owners.push(event.owner);
      counts.push(0);
    }
    ownerOf[i] = owner;
    counts[owner] = (counts[owner] as number) + 1;
    starts[i] = event.start;
    ends[i] = event.end;
  }
  const offsets = new Uint32Array(owners.length + 1);
  for (let k = 0; k < owners.length; k++)
    offsets[k + 1] = (offsets[k] as number) + (counts[k] as number);
  const next = offsets.slice(0, owners.length);
  const byOwner = new Uint32Array(offsets[owners.length] as number);
  for (let i = 0; i < n; i++) {
    const owner = ownerOf[i] as number;
    if (owner >= 0) byOwner[(next[owner] as number)++] = i;
  }
  const groups: OverlapGroup[] = [];
  for (let k = 0; k < owners.length; k++) {
    const bucket = byOwner.subarray(offsets[k], offsets[k + 1]);
    for (const group of sweepIndices(bucket, starts, ends))
      groups.push({
        owner: owners[k] as string,
        events: group.map((i) => events[i] as ConflictEvent),
      });
  }
  return groups;
}

/** Overlap conflicts among one person's events (one copy of each meeting). */
export function overlapConflicts(
  events: readonly ConflictEvent[],
  context: SuggestionContext,
  places: PlaceContext | null = null,
): Conflict[] {
  const blocking = events.filter(blocksTime);
  const groups = findOverlapGroups(blocking);
  // Every overlapping pair is in some group: an event's neighbours are its groups' members.
  const near = new Map<ConflictEvent, Set<number>>();
  for (const group of groups)
    for (const i of group) {
      const event = blocking[i] as ConflictEvent;
      let set = near.get(event);
      if (!set) near.set(event, (set = new Set()));
      for (const j of group) if (j !== i) set.add(j);
    }
  const touching = (event: ConflictEvent): ConflictEvent[] =>
    [...(near.get(event) ?? [])]
      .sort(
        (i, j) =>
          (blocking[i] as ConflictEvent).start - (blocking[j] as ConflictEvent).start || i - j,
      )
      .map((i) => blocking[i] as ConflictEvent);
  return groups.map((group) => {
    const members = group.map((i) => blocking[i] as ConflictEvent);
    const span = overlapSpan(blocking, group);
    return makeConflict('overlap', members, context, {
      start: span.start,
      end: span.end,
      severity: severityOf(members),
      reasons: reasonsFor(blocking, group, span, ownerZone(members, context)),
      suggestions: suggestionsFor(members, context, touching, places),
      autoResolvable: holdsAgainstOneMeeting(members, context),
    });
  });
}

/** Members all overlap each other: two of a kind among them are two of a kind that overlap. */
function severityOf(members: readonly ConflictEvent[]): Severity {
  if (members.filter(isFirm).length > 1) return 'high';
  if (members.filter((e) => !isTentative(e)).length > 1) return 'medium';
  return 'low';
}

const PAIRS_TOLD = 4;

function reasonsFor(
  blocking: readonly ConflictEvent[],
  group: readonly number[],
  span: { start: number; end: number },
  zone: string,
): string[] {
  const named = quoterFor(
    group.map((i) => blocking[i] as ConflictEvent),
    zone,
  );
  const reasons: string[] = [];
  if (group.length > 2)
    reasons.push(`${group.length} events all overlap for ${minutes(span.end - span.start)} min`);
  const pairs = overlappingPairs(group, PAIRS_TOLD + 1);
  for (const [i, j] of pairs.slice(0, PAIRS_TOLD)) {
    const a = blocking[i] as ConflictEvent;
    const b = blocking[j] as ConflictEvent;
    const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
    reasons.push(`${named(a)} and ${named(b)} overlap by ${minutes(shared)} min`);
  }
  if (pairs.length > PAIRS_TOLD) reasons.push('and more overlapping pairs');
  for (const index of group) {
    const event = blocking[index] as ConflictEvent;
    if (event.allDay) reasons.push(`${named(event)} is an all-day event marked busy`);
    if (isTentative(event)) reasons.push(`${named(event)} is tentative`);
    else if (ownerResponse(event) === 'needsAction')
      reasons.push(`you have not answered ${named(event)}`);
  }
  // Each event reads differently (quoterFor), so no two lines, each about other events, repeat.
  return reasons;
}

/** The zone the owner reads times in. */
function ownerZone(members: readonly ConflictEvent[], context: SuggestionContext): string {
  const owner = members[0]?.owner ?? '';
  return context.settings.timeZoneOf(owner) ?? context.settings.defaultTimeZone;
}

/** The event that matters most: highest priority, then with outsiders, earlier, smaller id. */
export function mostImportant(
  members: readonly ConflictEvent[],
  context: SuggestionContext,
): ConflictEvent {
  return [...members].sort(
    (a, b) =>
      context.priorityOf(b).score - context.priorityOf(a).score ||
      Number(isExternalMeeting(b, context.settings)) -
        Number(isExternalMeeting(a, context.settings)) ||
      a.start - b.start ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0] as ConflictEvent;
}

/** `touching(event)`: the owner's other blocking events that overlap it, in any conflict. */
function suggestionsFor(
  members: readonly ConflictEvent[],
  context: SuggestionContext,
  touching: (event: ConflictEvent) => ConflictEvent[],
  places: PlaceContext | null,
): Suggestion[] {
  const byId = new Map(members.map((e) => [e.id, context.priorityOf(e).score]));
  const trips = tripsAmong(members, context);
  if (trips.length > 0)
    return rankSuggestions(
      tripOverlapSuggestions(members, trips, context, touching, places),
      (id) => byId.get(id) ?? 0,
    );
  const keep = mostImportant(members, context);
  const external = members.find((e) => isReleaseTarget(e, context.settings)) ?? null;
  const suggestions: Array<Suggestion | null> = [];
  for (const event of members) {
    if (event === keep) continue;
    if (isReleasableHold(event, context.settings) && external && external !== event) {
      suggestions.push(release(event, external));
      continue;
    }
    if (isPersonal(event, context) && keep.allDay && isPersonal(keep, context)) continue;
    const clear = touching(event);
    const purpose = `out of the way of ${quote(keep)}`;
    suggestions.push(
      reschedule(event, context, { purpose }),
      shorten(event, clear, context, `to clear ${clear.map(quote).join(', ')}`),
      delegate(event, context),
      decline(event, keep, context),
    );
  }
  const rest = members.filter((e) => e !== keep);
  if (!suggestions.some((s) => s !== null) && rest.every(isOwnersOwn)) {
    // Nothing can be done about the others (an all-day offsite, the owner's own block): then
    // the meeting that matters most is the one to move, hand over or decline. Not for a meeting
    // the owner does not take part in (not invited, or on a calendar shared with them): nothing
    // of theirs is worth giving up for it.
    const other = rest[0] as ConflictEvent;
    suggestions.push(
      reschedule(keep, context, { purpose: `out of the way of ${rest.map(quote).join(', ')}` }),
      delegate(keep, context),
      decline(keep, other, context),
    );
  }
  return rankSuggestions(suggestions, (id) => byId.get(id) ?? 0);
}

/** Organised by the owner with nobody else invited: a personal block, an out-of-office. */
function isPersonal(event: ConflictEvent, context: SuggestionContext): boolean {
  return isOrganisedByOwner(event) && otherPeople(event, context.settings).length === 0;
}

function holdsAgainstOneMeeting(
  members: readonly ConflictEvent[],
  context: SuggestionContext,
): boolean {
  const rest = members.filter((e) => !isReleasableHold(e, context.settings));
  const meeting = rest[0];
  return (
    rest.length === 1 &&
    meeting !== undefined &&
    isReleaseTarget(meeting, context.settings) &&
    isFirmForOwner(meeting)
  );
}
