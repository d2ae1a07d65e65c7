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
 * place or a common word without a route ("Vogel Elektronik AG, Zug").
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
}

const ARROW = /\s*(?:→|->|⟶|➔|➜|➝|⇒|=>|—>|–>)\s*/u;
const TO = /\s(?:to|nach|vers|pour|naar)\s+(.+)$/iu;
const FLIGHT_EMOJI = /[✈🛫🛬]/u;
const TRAIN_EMOJI = /[🚆🚄🚅🚂🚈🚝]/u;
const DRIVE_EMOJI = /[🚗🚙🚕]/u;
const FLIGHT_WORDS = /\b(flight|flug|vol|vuelo|volo|vlucht)\b/iu;
const TRAIN_WORDS = /\b(train|zug|bahn|trein|tren|treno|eurostar|thalys|railjet|ouigo)\b/iu;
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

/** The trip `event` is, or null when it is a meeting (or anything else that stays put). */
export function tripOf(
  event: ConflictEvent,
  settings: ConflictSettings,
  context: PlaceContext,
): Trip | null {
  const title = event.title.normalize('NFC').trim();
  const mode = modeOf(title);
  const route = routeOf(title);
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
  const origin = read(
    [location, ...endCandidates(route?.from ?? '')],
    mode === 'flight' ? 'takes off' : 'leaves from',
  );
  const destination = read(endCandidates(route?.to ?? ''), mode === 'flight' ? 'lands' : 'arrives');
  return { mode: mode ?? 'trip', origin, destination };
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
  if (!isTripTitle(event.title)) return false;
  const guests = guestsOf(event, settings);
  if (guests === 'none') return true;
  return guests === 'internal' && routeOf(event.title.normalize('NFC').trim()) !== null;
}

/** Whether an event so titled is a trip (its places aside). */
export function isTripTitle(text: string): boolean {
  const title = text.normalize('NFC').trim();
  return modeOf(title) !== null && (routeOf(title) !== null || opensAsTrip(title));
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
