/**
 * Ways out of a travel conflict. Between two meetings: join the less important one by video from
 * where the other is, move it to leave time to travel, shorten it, send a colleague, decline it.
 * A trip (trips.ts) is never joined by video nor moved, shortened or declined as a meeting: the
 * meeting beside it is the one those suggestions act on, joined from where the trip leaves the
 * person (its destination, or its origin for a meeting before it), and not declined for it (a
 * trip has no priority to weigh against a meeting's); the trip itself is only
 * rebooked: an earlier one before the meeting, a later one after it (a `reschedule` of the trip
 * by the shortfall, offered when that time is still ahead and free).
 */
import { isCopyOf } from './availability.js';
import { minutes, quote } from './conflict.js';
import {
  decline,
  delegate,
  joinVirtually,
  rankSuggestions,
  reschedule,
  shorten,
  type SuggestionContext,
} from './suggestions.js';
import type { Trip } from './trips.js';
import type { ConflictEvent, Suggestion, TimeRange } from './types.js';
import type { Whereabouts } from './places.js';
import { toldAt, wording, wordingText } from './wording.js';

const MINUTE = 60_000;
const REBOOK_STEP_MS = 5 * MINUTE;

export type StopEnd = Extract<Whereabouts, { kind: 'place' | 'unknown' }>;

/** An in-person event: where it starts and where it ends (the same but for a trip). */
export interface Stop {
  event: ConflictEvent;
  start: StopEnd;
  end: StopEnd;
  trip: Trip | null;
}

const labelOf = (end: StopEnd) => (end.kind === 'place' ? end.place.label : end.text);

export function travelSuggestions(
  from: Stop,
  to: Stop,
  neededMs: number,
  context: SuggestionContext,
): Suggestion[] {
  const [first, second] = [from.event, to.event];
  const byId = new Map([first, second].map((e) => [e.id, context.priorityOf(e).score]));
  const rank = (suggestions: (Suggestion | null)[]) =>
    rankSuggestions(suggestions, (id) => byId.get(id) ?? 0);
  if (!from.trip && !to.trip) return rank(betweenMeetings(from, to, neededMs, context));
  const suggestions: (Suggestion | null)[] = [];
  const shortfall = neededMs - (second.start - first.end);
  if (from.trip) suggestions.push(rebook(from, 'earlier', shortfall, to, context));
  if (to.trip) suggestions.push(rebook(to, 'later', shortfall, from, context));
  // The meeting beside the trip, joined from where the trip puts the person.
  const meeting = !from.trip ? from : !to.trip ? to : null;
  if (meeting) {
    const trip = meeting === from ? to : from;
    const where = meeting === from ? trip.start : trip.end;
    // Not declined for the trip: a trip is no meeting to weigh against it.
    const advice = meetingSuggestions(
      meeting.event,
      trip.event,
      labelOf(where),
      neededMs,
      meeting === from,
      context,
    );
    suggestions.push(...advice.filter((s) => s?.action !== 'decline'));
  }
  return rank(suggestions);
}

function betweenMeetings(
  from: Stop,
  to: Stop,
  neededMs: number,
  context: SuggestionContext,
): (Suggestion | null)[] {
  const [first, second] = [from.event, to.event];
  const lower = context.priorityOf(first).score < context.priorityOf(second).score ? first : second;
  const higher = lower === first ? second : first;
  const placeOf = (event: ConflictEvent) => labelOf(event === first ? from.end : to.start);
  const suggestions: (Suggestion | null)[] = [];
  if (higher.conferenceUrl) suggestions.push(joinVirtually(higher, placeOf(lower)));
  suggestions.push(
    ...meetingSuggestions(lower, higher, placeOf(higher), neededMs, lower === first, context),
  );
  return suggestions;
}

/** Join `meeting` from `joinFrom`, move it, shorten it, hand it over or decline it for `other`. */
function meetingSuggestions(
  meeting: ConflictEvent,
  other: ConflictEvent,
  joinFrom: string,
  neededMs: number,
  meetingFirst: boolean,
  context: SuggestionContext,
): (Suggestion | null)[] {
  const purpose = `to leave ${minutes(neededMs)} min to travel`;
  const clear = meetingFirst
    ? { start: other.start - neededMs, end: other.end }
    : { start: other.start, end: other.end + neededMs };
  return [
    joinVirtually(meeting, joinFrom),
    reschedule(meeting, context, { paddingMs: neededMs, purpose }),
    shorten(meeting, [clear], context, purpose),
    delegate(meeting, context),
    decline(meeting, other, context),
  ];
}

const NOUNS: Readonly<Record<Trip['mode'], string>> = {
  flight: 'flight',
  train: 'train',
  drive: 'drive',
  trip: 'trip',
};

/**
 * The trip booked `direction` by the shortfall (rounded up to 5 minutes), when it would still be
 * ahead and the person is free then: "book an earlier train than …: one that arrives by …".
 */
function rebook(
  stop: Stop,
  direction: 'earlier' | 'later',
  shortfallMs: number,
  other: Stop,
  context: SuggestionContext,
): Suggestion | null {
  const trip = stop.event;
  const mode = (stop.trip as Trip).mode;
  const shift = Math.ceil(shortfallMs / REBOOK_STEP_MS) * REBOOK_STEP_MS;
  const by = direction === 'earlier' ? -shift : shift;
  const to = { start: trip.start + by, end: trip.end + by };
  if (to.start <= context.now || trip.start <= context.now) return null;
  // The part of a meeting the trip already overlaps is no new clash (a "Focus time" under the
  // flight), nor is an own hold, which the owner frees as they like: the new trip may not cover
  // more of any other meeting than the booked one does (a breakfast it touches by 5 minutes is
  // not swallowed whole).
  const shared = (a: TimeRange, b: TimeRange) =>
    Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const clash = context.ownerBusy.some(
    (range) =>
      !isCopyOf(range, trip) &&
      range.eventId !== other.event.id &&
      range.hold !== true &&
      shared(range, to) > shared(range, trip),
  );
  if (clash) return null;
  const zone = context.settings.timeZoneOf(trip.owner) ?? context.settings.defaultTimeZone;
  const noun = NOUNS[mode];
  const article = direction === 'earlier' ? 'an earlier' : 'a later';
  const verb = mode === 'drive' ? 'set off' : 'book';
  const whyParts =
    direction === 'earlier'
      ? wording(
          `${verb} ${mode === 'drive' ? 'earlier for' : `${article} ${noun} than`} ${quote(trip)}: arriving by `,
          toldAt(to.end, zone),
          ` leaves time to get to ${quote(other.event)}`,
        )
      : wording(
          `${verb} ${mode === 'drive' ? 'later for' : `${article} ${noun} than`} ${quote(trip)}: leaving at `,
          toldAt(to.start, zone),
          ` or later leaves time to get there after ${quote(other.event)}`,
        );
  return { action: 'reschedule', eventId: trip.id, to, why: wordingText(whyParts), whyParts };
}
