/**
 * Advice for an overlap with a trip in it (trips.ts: a flight, a train, a drive). The trip is
 * where the person is during it, so it is never moved, shortened, handed over or declined as a
 * meeting: moving a train "out of the way of" a coffee would make its traveller miss what the
 * trip is for. The meetings it overlaps get the advice instead: join by video from the train or
 * plane (not from a car), move or shorten one the owner organises (into the time after the trip
 * only one at its destination), send a colleague, decline an
 * invitation; an own hold under a trip is released. Rebooking a trip is the travel check's
 * advice (travel-suggestions.ts), where the place it is for is known; an overlap offers none.
 */
import { quote } from './conflict.js';
import { isOwnersOwn, isReleasableHold, otherPeople } from './people.js';
import { whereaboutsOf, type PlaceContext } from './places.js';
import {
  decline,
  delegate,
  joinVirtually,
  reschedule,
  shorten,
  type SuggestionContext,
} from './suggestions.js';
import { isTrip, tripModeOf, tripOf } from './trips.js';
import { haversineKm } from './travel-model.js';
import type { ConflictEvent, Suggestion } from './types.js';

/**
 * The members of an overlap group that are the owner's trips (empty: an overlap of meetings
 * only). A colleague's train on a calendar shared with the owner is not where the owner is.
 */
export function tripsAmong(
  members: readonly ConflictEvent[],
  context: SuggestionContext,
): ConflictEvent[] {
  return members.filter((event) => isTrip(event, context.settings) && isOwnersOwn(event));
}

const MINUTE = 60_000;
const SAME_AREA_KM = 25;

/**
 * Whether `event` is where `trip` arrives (both read as places within 25 km of each other). A
 * meeting anywhere else (the origin, a place not read, none given) is not moved nor shortened
 * into the time after the trip, when the owner is at the destination.
 */
function atDestination(
  event: ConflictEvent,
  trip: ConflictEvent,
  context: SuggestionContext,
  places: PlaceContext | null,
): boolean {
  if (!places) return false;
  const destination = tripOf(trip, context.settings, places)?.destination;
  const where = whereaboutsOf(event, context.settings, places);
  if (destination?.kind !== 'place' || where.kind !== 'place') return false;
  return haversineKm(destination.place, where.place) <= SAME_AREA_KM;
}

const ABOARD: Readonly<Record<string, string | null>> = {
  flight: 'the plane',
  train: 'the train',
  drive: null,
  trip: null,
};

/**
 * Suggestions for the meetings of an overlap group that `trips` (members of it) is in; `touching`
 * gives the owner's other blocking events that overlap an event, as a shortening must clear them.
 */
export function tripOverlapSuggestions(
  members: readonly ConflictEvent[],
  trips: readonly ConflictEvent[],
  context: SuggestionContext,
  touching: (event: ConflictEvent) => ConflictEvent[],
  places: PlaceContext | null = null,
): Array<Suggestion | null> {
  const trip = trips[0] as ConflictEvent;
  const suggestions: Array<Suggestion | null> = [];
  for (const event of members) {
    // A meeting the owner takes no part in (a colleague's, shared with them) is not theirs to
    // join, move or hand over.
    if (trips.includes(event) || !isOwnersOwn(event)) continue;
    const onTrip = `you are on ${quote(trip)} then`;
    if (isReleasableHold(event, context.settings)) {
      suggestions.push({
        action: 'release',
        eventId: event.id,
        why: `${quote(event)} is your own block with nobody else invited: free it, ${onTrip}`,
      });
      continue;
    }
    const aboard = ABOARD[tripModeOf(trip.title) ?? 'trip'] ?? null;
    const withPeople = otherPeople(event, context.settings).length > 0;
    const clear = touching(event);
    const declined = decline(event, trip, context);
    const there = atDestination(event, trip, context, places);
    // Elsewhere (the origin, say), only the time before the trip is left, less the way to it.
    const toOrigin = context.settings.travel.sameCityMinutes * MINUTE;
    const clearOf = there
      ? clear
      : clear.map((e) => (e === trip ? { start: trip.start - toOrigin, end: Infinity } : e));
    suggestions.push(
      aboard && withPeople ? joinVirtually(event, aboard) : null,
      there ? reschedule(event, context, { purpose: `out of the way of ${quote(trip)}` }) : null,
      shorten(event, clearOf, context, `to clear ${clear.map(quote).join(', ')}`),
      delegate(event, context),
      // A trip has no priority to weigh against the meeting's: the reason is where the owner is.
      declined && { ...declined, why: `decline ${quote(event)}: ${onTrip}` },
    );
  }
  return suggestions;
}
