/**
 * Events that are themselves a journey: a flight, a train, a drive. Such an event starts where it
 * leaves from and ends where it arrives, so the travel check before it reads its origin and the
 * one after it reads its destination (travel.ts); it is never joined by video or moved as a
 * meeting, only rebooked (travel-suggestions.ts).
 *
 * A title is a trip when it names a route ("BER → LHR", "Paris -> Lyon", "Flight to Munich") and
 * says how (a travel emoji, a word such as Flight, Flug, Vol, Zug, Train, Trein, Trajet, Drive,
 * Travel, a train code as ICE 1013, IC1, TGV, AVE, or a flight number as LH 2480), or when it
 * opens with a travel emoji or a mode word ("✈️ …", "Flight LH 2480"). An arrow alone is not
 * enough ("Handover Berlin → Munich team" is a meeting), nor is a mode word that is also a
 * place or a common word without a route ("Vogel Elektronik AG, Zug"). A train or a drive may
 * also name its route with a dash or with the two places alone ("AVE Madrid - Barcelona",
 * "Eurostar London–Paris", "TGV Paris Lyon"), but only when the title opens with a train brand, a
 * train or drive word or emoji followed directly by the route, and both ends are places the
 * gazetteer knows, each written with capitals ("Train the sales team" names no route). Codes that
 * are also business words (EC, IR, IC) and "Bahn" (Deutsche Bahn is a customer) open no such route.
 *
 * A ride that opens the title (Uber, Lyft, Taxi, Cab, Shuttle, Transfer) and goes straight to an
 * airport or a station ("Uber to airport", "Taxi to JFK", "Taxi zum Flughafen", "Taxi pour
 * l'aéroport") is a transfer: it leaves from wherever the person is, so no check is made before
 * it, and when it names no place it goes to, its time is travel time between the stops around it
 * (travel.ts). A ride to anything else is no trip: a city names no terminal, and titles such as
 * "Shuttle demo to Boston", "Uber to Enterprise" or "Lyft to Boston kickoff" are meetings.
 *
 * The origin is the location (where a trip's calendar entry is written from: the departure
 * airport or station), else the route's first end; the destination the route's last end, then
 * what its parentheses name. Station and airport words cut a name ("Paris Gare de Lyon" is
 * Paris, "Bremen Hbf" is Bremen); flight and train numbers and times are dropped. An end that
 * cannot be read stays unknown: never guessed, never the other end.
 */
import { sameEmail } from './blocking.js';
import { isInternal, isResource } from './people.js';
import { resolvePlace, type PlaceContext, type Whereabouts } from './places.js';
import type { ConflictSettings } from './settings.js';
import type { ConflictEvent } from './types.js';

export type TripMode = 'flight' | 'train' | 'drive' | 'trip';
type End = Extract<Whereabouts, { kind: 'place' | 'unknown' }>;

export interface Trip {
  mode: TripMode;
  origin: End;
  destination: End;
  /** A ride to where a journey starts (a taxi to the airport): it leaves from wherever one is. */
  transfer: boolean;
}

const ARROW = /\s*(?:→|->|⟶|➔|➜|➝|⇒|=>|—>|–>)\s*/u;
const TO = /\s(?:to|nach|vers|pour|naar)\s+(.+)$/iu;
const FLIGHT_EMOJI = /[✈🛫🛬]/u;
const TRAIN_EMOJI = /[🚆🚄🚅🚂🚈🚝]/u;
const DRIVE_EMOJI = /[🚗🚙🚕]/u;
const FLIGHT_WORDS = /\b(flight|flug|vol|vuelo|volo|vlucht)\b/iu;
const TRAIN_WORDS =
  /\b(train|zug|bahn|trein|tren|treno|eurostar|thalys|railjet|ouigo|amtrak|acela|frecciarossa)\b/iu;
/** Train codes in capitals, alone or with their number: ICE 1013, IC1, TGV 6604, AVE. */
const TRAIN_CODES = /\b(ICE|ICN|IC|EC|ECE|TGV|AVE|RJX?|IR)(?:\s?\d{1,5})?\b/u;
const DRIVE_WORDS = /\b(drive|driving|fahrt|autofahrt|trajet|road trip)\b/iu;
const TRIP_WORDS = /\b(travel|trip|reise|voyage|viaje|déplacement|transfer)\b/iu;
/** Words that make a trip on their own when they open the title ("Flight LH 2480"). */
const OPENING = /^[\s\p{P}]*(flight|flug|vuelo|vol|train|zug|trein|tren)\b/iu;
/** A flight number: the airline's two characters and 1 to 4 digits (LH 2480, BA712, AC8725). */
const FLIGHT_NUMBER = /\b(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?\d{1,4}\b/u;
const STATION_WORDS =
  /\s(hbf|hauptbahnhof|bahnhof|hb|gare|station|stazione|estaci[oó]n|centraal|part-dieu|airport|flughafen|aeropuerto|a[ée]roport|aeroporto|terminal)\b.*$/iu;
const PICTOGRAPHS = /[\p{Extended_Pictographic}\uFE0F\u200D]/gu;
const CLOCK = /\b\d{1,2}[:h.]\d{2}\b/gu;
const NUMBER = /\b\d{2,5}\b/gu;
/** A label before the route ("Travel: CDMX → DFW"). */
const LABEL = /^[\p{L}\s]{1,20}:\s+/u;
/** A ride word opening the title: a ride, or else no trip at all ("Uber account review"). */
const RIDE_OPENING =
  /^[\s\p{P}\p{Extended_Pictographic}\uFE0F]*(uber|lyft|taxi|cab|shuttle|transfer)\b/iu;
/** A ride word followed directly by where it goes ("Taxi zum Flughafen", "Uber to the airport"). */
const RIDE_TO =
  /^[\s\p{P}\p{Extended_Pictographic}\uFE0F]*(?:uber|lyft|taxi|cab|shuttle|transfer)\s+(?:to|zum|zur|zu|nach|al|a|au|à|pour|vers|naar)\s+(.+)$/iu;
/** An article before a ride's terminal ("the airport", "l'aéroport", "el aeropuerto"). */
const ARTICLE = /^(?:the|le|la|les|l['’]|el|los|den|dem|der|die|de|het|il|lo)\s*/iu;
/** A word that makes a ride's destination an airport or a station ("Berlin Hbf", "JFK Airport"). */
const TERMINAL_WORD =
  /(?:^|[^\p{L}])(?:airport|station|flughafen|bahnhof|hauptbahnhof|hbf|hb|gare|a[ée]roport|aeropuerto|aeroporto|estaci[oó]n|stazione|centraal|terminal)(?![\p{L}])/iu;
/**
 * What may open a route that has no arrow or "to", followed directly by it: a train brand (with
 * its number), a train or drive word, or a travel emoji. Lone codes that are also business words
 * (EC: executive committee, IR: investor relations, IC) and "Bahn" (Deutsche Bahn, a customer)
 * are left out: "EC Madrid - Barcelona" is a meeting.
 */
const ROUTE_OPENER =
  /^(?:[\s\p{P}]*[🚆🚄🚅🚂🚈🚝🚗🚙🚕]\uFE0F?)?[\s\p{P}]*(?:(?:ICE|TGV|AVE|Eurostar|Thalys|Amtrak|Acela|Frecciarossa|Italo|Railjet|Ouigo)(?:\s?\d{1,5})?|train|zug|trein|tren|treno|drive|driving|fahrt|autofahrt|trajet)\s+|^[\s\p{P}]*[🚆🚄🚅🚂🚈🚝🚗🚙🚕]\uFE0F?\s*/iu;
/** A route's two ends apart by a dash: spaced hyphen, or an en or em dash ("London–Paris"). */
const DASH = /\s+-\s+|\s*[–—]\s*/u;
/** A place's name as a route end without an arrow: each word capitalised ("San Sebastián"). */
const PROPER_NAME = /^\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)*$/u;
/** The context a title is read in when only whether it is a trip matters (not which city). */
const ANYWHERE: PlaceContext = { homeCountries: new Set(), ownerZone: null };

/** The trip `event` is, or null when it is a meeting (or anything else that stays put). */
export function tripOf(
  event: ConflictEvent,
  settings: ConflictSettings,
  context: PlaceContext,
): Trip | null {
  const title = event.title.normalize('NFC').trim();
  const mode = modeOf(title);
  const route = routeIn(title, settings, context);
  const transfer = isRide(title);
  if (!isTrip(event, settings)) return null;
  const read = (candidates: readonly string[], what: string): End => {
    for (const text of candidates) {
      if (!text) continue;
      const found = resolvePlace(text, settings, context);
      if (!('why' in found)) return { kind: 'place', place: found, text, hybrid: false };
    }
    const text = candidates.find(Boolean) ?? event.title;
    return { kind: 'unknown', text, why: `cannot tell where ${quoteOf(event)} ${what}` };
  };
  const location = event.location?.trim() ?? '';
  // A ride's first words name the vehicle, not where it leaves from.
  const origin = read(
    [location, ...(transfer ? [] : endCandidates(route?.from ?? ''))],
    mode === 'flight' ? 'takes off' : 'leaves from',
  );
  const destination = read(endCandidates(route?.to ?? ''), mode === 'flight' ? 'lands' : 'arrives');
  return { mode: mode ?? 'trip', origin, destination, transfer };
}

/**
 * Who is invited besides the owner (rooms aside). A flight or train in a calendar is the
 * traveller's own entry (an airline's invitation names the traveller alone), or one shared with
 * colleagues who travel along; while "Flight risk review with Acme" or "Train the trainer" with
 * guests is a meeting whose title happens to read like a trip: taken for one, it would be placed
 * at a made-up destination. An outsider invited makes it a meeting; colleagues alone do only
 * when the title names no route ("Train the trainer", not "Train Berlin → Hamburg").
 */
function guestsOf(
  event: ConflictEvent,
  settings: ConflictSettings,
): 'none' | 'internal' | 'external' {
  const guests = event.attendees.filter(
    (attendee) => !sameEmail(attendee.email, event.owner) && !isResource(attendee, event, settings),
  );
  if (guests.length === 0) return 'none';
  return guests.every((g) => isInternal(g.email, event, settings)) ? 'internal' : 'external';
}

/** Whether `event` is read as a trip: a trip's title, and nobody from outside invited. */
export function isTrip(event: ConflictEvent, settings: ConflictSettings): boolean {
  const title = event.title.normalize('NFC').trim();
  const route = routeIn(title, settings, ANYWHERE);
  if (modeOf(title) === null || (route === null && !opensAsTrip(title))) return false;
  if (isRide(title) && !(route && ridesToTerminal(route.to, settings, ANYWHERE))) return false;
  const guests = guestsOf(event, settings);
  if (guests === 'none') return true;
  return guests === 'internal' && route !== null;
}

/** Whether the title opens with a ride (a taxi, a car service, a shuttle). */
function isRide(title: string): boolean {
  return RIDE_OPENING.test(title);
}

/**
 * Whether a ride goes to an airport or a station, said so ("airport", "Berlin Hbf") or by an
 * airport's code ("JFK"). A city is not enough: a ride "to Boston" names no terminal, and titles
 * so written are as often meetings ("Uber to Enterprise", "Shuttle demo to Boston").
 */
function ridesToTerminal(to: string, settings: ConflictSettings, context: PlaceContext): boolean {
  const where = clean(to).replace(ARTICLE, '');
  if (where === '') return false;
  if (TERMINAL_WORD.test(where)) return true;
  const found = resolvePlace(where, settings, context);
  return !('why' in found) && found.source === 'airport';
}

/** A ride's route: from the ride word to what follows its "to", or null when none follows. */
function rideRouteOf(title: string): { from: string; to: string } | null {
  const to = RIDE_TO.exec(title)?.[1];
  return to ? { from: title.slice(0, title.length - to.length), to } : null;
}

/** The route a title names: with an arrow or "to", else (a train or a drive) two known places. */
function routeIn(
  title: string,
  settings: ConflictSettings,
  context: PlaceContext,
): { from: string; to: string } | null {
  if (isRide(title)) return rideRouteOf(title);
  const route = routeOf(title);
  if (route) return route;
  const mode = modeOf(title);
  return mode === 'train' || mode === 'drive' ? placesRouteOf(title, settings, context) : null;
}

/**
 * Two places named one after the other, apart by a dash or a space ("Madrid - Barcelona",
 * "London–Paris", "Paris Lyon"), once mode words and numbers are out: a route only when both
 * are places the gazetteer knows, each written as a name.
 */
function placesRouteOf(
  title: string,
  settings: ConflictSettings,
  context: PlaceContext,
): { from: string; to: string } | null {
  const opener = ROUTE_OPENER.exec(title);
  if (!opener) return null;
  const rest = clean(title.slice(opener[0].length));
  const known = (text: string) =>
    PROPER_NAME.test(text) && !('why' in resolvePlace(text, settings, context));
  const dashed = rest.split(DASH);
  if (dashed.length === 2) {
    const [from, to] = dashed.map((part) => part.trim()) as [string, string];
    return known(from) && known(to) ? { from, to } : null;
  }
  if (dashed.length > 2) return null;
  const words = rest.split(' ');
  for (let k = 1; k < words.length && words.length <= 6; k++) {
    const from = words.slice(0, k).join(' ');
    const to = words.slice(k).join(' ');
    if (known(from) && known(to)) return { from, to };
  }
  return null;
}

/** How a trip so titled travels (null: the title says no mode of travel). */
export function tripModeOf(text: string): TripMode | null {
  return modeOf(text.normalize('NFC').trim());
}

function modeOf(title: string): TripMode | null {
  if (FLIGHT_EMOJI.test(title)) return 'flight';
  if (TRAIN_EMOJI.test(title)) return 'train';
  if (DRIVE_EMOJI.test(title)) return 'drive';
  if (FLIGHT_WORDS.test(title)) return 'flight';
  if (TRAIN_WORDS.test(title) || TRAIN_CODES.test(title)) return 'train';
  if (isRide(title)) return 'drive';
  // Words as common as these say how only when the title opens with them ("Travel: CDMX →
  // DFW", "Trajet Paris → Poligny"; not "Review → travel budget").
  const opening = title.replace(/^[\s\p{P}\p{Extended_Pictographic}\uFE0F]+/u, '');
  if (startsWith(opening, DRIVE_WORDS)) return 'drive';
  if (startsWith(opening, TRIP_WORDS)) return 'trip';
  return FLIGHT_NUMBER.test(title) ? 'flight' : null;
}

function startsWith(text: string, words: RegExp): boolean {
  return words.exec(text)?.index === 0;
}

function opensAsTrip(title: string): boolean {
  return /^[\s\p{P}]*[✈🛫🛬🚆🚄🚅🚂🚈🚝🚗🚙🚕]/u.test(title) || OPENING.test(title);
}

/** The route's two ends as written, or null when the title names none. */
function routeOf(title: string): { from: string; to: string } | null {
  const arrow = ARROW.exec(title);
  if (arrow) {
    return {
      from: title.slice(0, arrow.index),
      to: title.slice(arrow.index + arrow[0].length),
    };
  }
  const to = TO.exec(title);
  return to ? { from: title.slice(0, to.index), to: to[1] as string } : null;
}

/** The ways to read one end of a route, best first: the name cut at a station word, then whole, then what parentheses name. */
function endCandidates(raw: string): string[] {
  const inParentheses = [...raw.matchAll(/\(([^)]*)\)/gu)].map((m) => clean(m[1] as string));
  const main = clean(raw.replace(/\([^)]*\)/gu, ' '));
  const cut = main.replace(STATION_WORDS, '').trim();
  return [...new Set([cut, main, ...inParentheses])].filter(Boolean);
}

/** Mode words, emoji, flight and train numbers and times out: the place names are left. */
function clean(text: string): string {
  return text
    .replace(PICTOGRAPHS, ' ')
    .replace(CLOCK, ' ')
    .trim()
    .replace(LABEL, '')
    .replace(/^the\s+/iu, '')
    .replace(new RegExp(FLIGHT_WORDS.source, 'giu'), ' ')
    .replace(new RegExp(TRAIN_WORDS.source, 'giu'), ' ')
    .replace(new RegExp(TRAIN_CODES.source, 'gu'), ' ')
    .replace(new RegExp(DRIVE_WORDS.source, 'giu'), ' ')
    .replace(new RegExp(TRIP_WORDS.source, 'giu'), ' ')
    .replace(/\broute\b/giu, ' ')
    .replace(new RegExp(FLIGHT_NUMBER.source, 'gu'), ' ')
    .replace(CLOCK, ' ')
    .replace(NUMBER, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .trim();
}

function quoteOf(event: ConflictEvent): string {
  return `"${event.title || '(no title)'}"`;
}
