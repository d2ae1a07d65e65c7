/**
 * `travel` conflicts: two consecutive in-person events of one person (timed, blocking, with a
 * physical location; virtual ones need no travel and are skipped over) at different places,
 * with less time between them than the trip takes plus the buffer. Consecutive: the trip to an
 * event starts from the earlier event that ends latest (one nested inside a longer one is not
 * where the person leaves from).
 *
 * - Same office, or the same location text: no trip.
 * - Two places of which one is only known to the city (a city name, an office known by its
 *   city) within 25 km of each other: a trip across town of `sameCityMinutes` (30).
 * - Otherwise the estimator (travel-model.ts, or a routing service behind the same port).
 * - A place that cannot be read is reported as unknown, in a low-severity conflict, when the gap
 *   is shorter than `unknownPlaceGapMinutes` (60); with more time, no report.
 *
 * Severity: high when a flight is needed or the shortfall is 30 minutes or more, else medium;
 * one step lower when either event is tentative; low when a place is unknown.
 */
import { blocksTime, isTentative } from './blocking.js';
import { makeConflict, minutes, quote } from './conflict.js';
import { placeKey } from './gazetteer.js';
import { isResource } from './people.js';
import { whereaboutsOf, type PlaceContext, type Whereabouts } from './places.js';
import {
  decline,
  delegate,
  joinVirtually,
  rankSuggestions,
  reschedule,
  shorten,
  type SuggestionContext,
} from './suggestions.js';
import { haversineKm, type TravelEstimate } from './travel-model.js';
import type {
  Conflict,
  ConflictEvent,
  Place,
  Severity,
  Suggestion,
  TravelDetails,
} from './types.js';

const MINUTE = 60_000;
const SAME_AREA_KM = 25;

interface Stop {
  event: ConflictEvent;
  where: Extract<Whereabouts, { kind: 'place' | 'unknown' }>;
}

export function travelConflicts(
  events: readonly ConflictEvent[],
  context: SuggestionContext,
  places: PlaceContext,
): Conflict[] {
  const conflicts: Conflict[] = [];
  // Where the person comes from is the earlier stop that ends latest, not the one that started
  // just before: a short meeting nested in a long one must not hide the long one's next trip.
  // A running maximum of end times keeps this one pass over the stops.
  let latest: Stop | null = null;
  for (const to of inPersonStops(events, context, places)) {
    // A stop that starts before `latest` ends is an overlap, reported as such.
    if (latest && to.event.start >= latest.event.end) {
      const conflict = checkTrip(latest, to, context);
      if (conflict) conflicts.push(conflict);
    }
    // On a tie the later-starting stop is the more recent commitment, as a neighbour was before.
    if (!latest || to.event.end >= latest.event.end) latest = to;
  }
  return conflicts;
}

function inPersonStops(
  events: readonly ConflictEvent[],
  context: SuggestionContext,
  places: PlaceContext,
): Stop[] {
  const gazetteer = context.settings.gazetteer;
  const stops: Stop[] = [];
  for (const event of events) {
    if (event.allDay || !blocksTime(event)) continue;
    if (!event.location && !event.attendees.some((a) => isResource(a, event, context.settings)))
      continue; // nowhere in particular
    const zoneCountry =
      event.location && event.timeZone ? gazetteer.countryOfZone(event.timeZone) : null;
    const home =
      zoneCountry && !places.homeCountries.has(zoneCountry)
        ? { ...places, homeCountries: new Set([...places.homeCountries, zoneCountry]) }
        : places;
    const where = whereaboutsOf(event, context.settings, home);
    if (where.kind === 'place' || where.kind === 'unknown') stops.push({ event, where });
  }
  return stops.sort(
    (a, b) =>
      a.event.start - b.event.start ||
      a.event.end - b.event.end ||
      (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0),
  );
}

interface Trip {
  mode: TravelEstimate['mode'];
  distanceKm: number;
  minutes: number;
  note: string | null;
}

function checkTrip(from: Stop, to: Stop, context: SuggestionContext): Conflict | null {
  const travel = context.settings.travel;
  const gap = to.event.start - from.event.end;
  const available = minutes(gap);
  if (placeKey(from.where.text) === placeKey(to.where.text)) return null;
  if (from.where.kind === 'unknown' || to.where.kind === 'unknown') {
    if (available >= travel.unknownPlaceGapMinutes) return null;
    return unknownPlaceConflict(from, to, available, context);
  }
  const trip = tripBetween(from.where.place, to.where.place, from.event.end, context);
  if (!trip) return null;
  const needed = trip.minutes + travel.bufferMinutes;
  if (needed <= available) return null;
  const details: TravelDetails = {
    from: from.where.place,
    to: to.where.place,
    unknownPlaces: [],
    distanceKm: trip.distanceKm,
    mode: trip.mode,
    minutesNeeded: needed,
    minutesAvailable: available,
  };
  const reasons = [
    `${quote(to.event)} at ${to.where.place.label} starts ${available} min after ${quote(from.event)} at ${from.where.place.label} ends; getting there takes about ${needed} min (${trip.mode}, ${trip.distanceKm} km, ${travel.bufferMinutes} min buffer included)`,
    ...(trip.note ? [trip.note] : []),
    ...from.where.place.notes,
    ...to.where.place.notes,
  ];
  return makeConflict('travel', [from.event, to.event], context, {
    start: from.event.end,
    end: to.event.start,
    severity: travelSeverity(trip, needed - available, [from.event, to.event]),
    reasons,
    suggestions: travelSuggestions(from, to, needed * MINUTE, context),
    autoResolvable: false,
    travel: details,
  });
}

function tripBetween(
  a: Place,
  b: Place,
  departAt: number,
  context: SuggestionContext,
): Trip | null {
  if (a.office !== null && a.office === b.office) return null;
  const km = haversineKm(a, b);
  if ((a.precision === 'city' || b.precision === 'city') && km <= SAME_AREA_KM) {
    return {
      mode: 'driving',
      distanceKm: Math.round(km * 10) / 10,
      minutes: context.settings.travel.sameCityMinutes,
      note: `exact addresses are not known: a trip across town is taken as ${context.settings.travel.sameCityMinutes} min`,
    };
  }
  const estimate = context.settings.travelTimes.estimate(a, b, departAt);
  return { ...estimate, note: null };
}

function travelSeverity(trip: Trip, shortfall: number, events: ConflictEvent[]): Severity {
  const base: Severity = trip.mode === 'flying' || shortfall >= 30 ? 'high' : 'medium';
  if (!events.some(isTentative)) return base;
  return base === 'high' ? 'medium' : 'low';
}

function unknownPlaceConflict(
  from: Stop,
  to: Stop,
  available: number,
  context: SuggestionContext,
): Conflict {
  const unknown = [from, to].filter((s) => s.where.kind === 'unknown');
  const placeOf = (s: Stop) => (s.where.kind === 'place' ? s.where.place : null);
  const reasons = [
    `${quote(to.event)} starts ${available} min after ${quote(from.event)} ends, at a different place`,
    ...unknown.map(
      (s) =>
        `cannot tell where "${s.where.text}" is (${s.where.kind === 'unknown' ? s.where.why : ''}): check the travel time`,
    ),
  ];
  return makeConflict('travel', [from.event, to.event], context, {
    start: from.event.end,
    end: to.event.start,
    severity: 'low',
    reasons,
    suggestions: [],
    autoResolvable: false,
    travel: {
      from: placeOf(from),
      to: placeOf(to),
      unknownPlaces: unknown.map((s) => s.where.text),
      distanceKm: null,
      mode: null,
      minutesNeeded: null,
      minutesAvailable: available,
    },
  });
}

function travelSuggestions(
  from: Stop,
  to: Stop,
  neededMs: number,
  context: SuggestionContext,
): Suggestion[] {
  const [first, second] = [from.event, to.event];
  const lower = context.priorityOf(first).score < context.priorityOf(second).score ? first : second;
  const higher = lower === first ? second : first;
  const labelOf = (event: ConflictEvent) => {
    const stop = event === first ? from : to;
    return stop.where.kind === 'place' ? stop.where.place.label : stop.where.text;
  };
  const suggestions: Array<Suggestion | null> = [joinVirtually(lower, labelOf(higher))];
  if (higher.conferenceUrl) suggestions.push(joinVirtually(higher, labelOf(lower)));
  const purpose = `to leave ${minutes(neededMs)} min to travel`;
  suggestions.push(reschedule(lower, context, { paddingMs: neededMs, purpose }));
  const clear =
    lower === first
      ? { start: second.start - neededMs, end: second.end }
      : { start: first.start, end: first.end + neededMs };
  suggestions.push(
    shorten(lower, [clear], context, purpose),
    delegate(lower, context),
    decline(lower, higher, context),
  );
  const byId = new Map([first, second].map((e) => [e.id, context.priorityOf(e).score]));
  return rankSuggestions(suggestions, (id) => byId.get(id) ?? 0);
}
