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
 * A trip (a flight, a train, a drive: trips.ts) is where it leaves from when it starts and where
 * it arrives when it ends: the check before it reads its origin, the one after it its
 * destination. An end of a trip that cannot be read is unknown, never the other end.
 *
 * Severity: high when a flight is needed or the shortfall is 30 minutes or more, else medium;
 * one step lower when either event is tentative; low when a place is unknown.
 */
import { blocksTime, isTentative } from './blocking.js';
import { makeConflict, minutes, quote } from './conflict.js';
import { placeKey } from './gazetteer.js';
import { isResource } from './people.js';
import { whereaboutsOf, type PlaceContext } from './places.js';
import type { SuggestionContext } from './suggestions.js';
import { travelSuggestions, type Stop, type StopEnd } from './travel-suggestions.js';
import { haversineKm, type TravelEstimate } from './travel-model.js';
import { tripOf } from './trips.js';
import type { Conflict, ConflictEvent, Place, Severity, TravelDetails } from './types.js';

const MINUTE = 60_000;
const SAME_AREA_KM = 25;

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
    // A stop that starts before `latest` ends is an overlap, reported as such. A ride from an
    // unnamed place leaves from wherever the person is: nothing to check before it.
    if (latest && to.event.start >= latest.event.end && !leavesFromHere(to)) {
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
    const zoneCountry = event.timeZone ? gazetteer.countryOfZone(event.timeZone) : null;
    const home =
      zoneCountry && !places.homeCountries.has(zoneCountry)
        ? { ...places, homeCountries: new Set([...places.homeCountries, zoneCountry]) }
        : places;
    const trip = tripOf(event, context.settings, home);
    // A ride to an airport or station it does not name is no stop: its time is travel time
    // between the stops around it (the meeting before, the flight after).
    if (trip?.transfer && trip.destination.kind !== 'place') continue;
    if (trip) {
      stops.push({ event, start: trip.origin, end: trip.destination, trip });
      continue;
    }
    if (!event.location && !event.attendees.some((a) => isResource(a, event, context.settings)))
      continue; // nowhere in particular
    const where = whereaboutsOf(event, context.settings, home);
    if (where.kind === 'place' || where.kind === 'unknown')
      stops.push({ event, start: where, end: where, trip: null });
  }
  return stops.sort(
    (a, b) =>
      a.event.start - b.event.start ||
      a.event.end - b.event.end ||
      (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0),
  );
}

/** A ride (trips.ts `transfer`) whose origin is not written: it starts where the person is. */
function leavesFromHere(stop: Stop): boolean {
  return stop.trip?.transfer === true && stop.start.kind !== 'place';
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
  const [leave, reach] = [from.end, to.start];
  if (placeKey(leave.text) === placeKey(reach.text)) return null;
  if (leave.kind === 'unknown' || reach.kind === 'unknown') {
    if (available >= travel.unknownPlaceGapMinutes) return null;
    // A trip to a place the gazetteer does not know, and a meeting at an address there.
    if (namesTripEnd(from, leave, reach) || namesTripEnd(to, reach, leave)) return null;
    return unknownPlaceConflict(from, to, available, context);
  }
  const trip = tripBetween(leave.place, reach.place, from.event.end, context);
  if (!trip) return null;
  const needed = trip.minutes + travel.bufferMinutes;
  if (needed <= available) return null;
  const details: TravelDetails = {
    from: leave.place,
    to: reach.place,
    unknownPlaces: [],
    distanceKm: trip.distanceKm,
    mode: trip.mode,
    minutesNeeded: needed,
    minutesAvailable: available,
  };
  const reasons = [
    `${begins(to, reach.place.label)} ${available} min after ${ends(from, leave.place.label)}; getting there takes about ${needed} min (${trip.mode}, ${trip.distanceKm} km, ${travel.bufferMinutes} min buffer included)`,
    ...(trip.note ? [trip.note] : []),
    ...leave.place.notes,
    ...reach.place.notes,
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

/** Whether `stop` is a trip whose end `end` is a name written in the other place's text. */
function namesTripEnd(stop: Stop, end: StopEnd, other: StopEnd): boolean {
  const name = placeKey(end.text);
  return stop.trip !== null && name !== '' && ` ${placeKey(other.text)} `.includes(` ${name} `);
}

/** "\"Visit\" at London, GB starts", or for a trip "\"Flight BER → LHR\" leaves from BER". */
function begins(stop: Stop, label: string): string {
  return stop.trip
    ? `${quote(stop.event)} leaves from ${label}`
    : `${quote(stop.event)} at ${label} starts`;
}

/** "\"Visit\" at London, GB ends", or for a trip "\"Flight BER → LHR\" lands at LHR". */
function ends(stop: Stop, label: string): string {
  if (!stop.trip) return `${quote(stop.event)} at ${label} ends`;
  return `${quote(stop.event)} ${stop.trip.mode === 'flight' ? 'lands' : 'arrives'} at ${label}`;
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
  const sides: Array<[Stop, StopEnd]> = [
    [from, from.end],
    [to, to.start],
  ];
  const unknown = sides.filter(([, end]) => end.kind === 'unknown');
  const placeOf = (end: StopEnd) => (end.kind === 'place' ? end.place : null);
  const reasons = [
    `${quote(to.event)} ${to.trip ? 'leaves' : 'starts'} ${available} min after ${quote(from.event)} ${from.trip ? (from.trip.mode === 'flight' ? 'lands' : 'arrives') : 'ends'}, at a different place`,
    ...unknown.map(([stop, end]) =>
      stop.trip
        ? `${end.kind === 'unknown' ? end.why : ''}: check the travel time`
        : `cannot tell where "${end.text}" is (${end.kind === 'unknown' ? end.why : ''}): check the travel time`,
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
      from: placeOf(from.end),
      to: placeOf(to.start),
      unknownPlaces: unknown.map(([, end]) => end.text),
      distanceKm: null,
      mode: null,
      minutesNeeded: null,
      minutesAvailable: available,
    },
  });
}
