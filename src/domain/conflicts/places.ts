/**
 * Where an event takes place, from its location text, offline: virtual (a conferencing link,
 * "Zoom", a phone number), one of the organisation's offices (its name, or a room), an airport
 * (IATA code), coordinates, a city (the gazetteer), or unknown. Unknown is an answer: a place
 * that cannot be read is reported as such, never guessed.
 *
 * Reading a text, in order:
 * 1. an office's name anywhere in it -> that office;
 * 2. coordinates ("52.52, 13.40", also inside a maps link) -> exactly there;
 * 3. an IATA code in capitals, alone or with an airport word ("LHR", "JFK Terminal 4") -> the
 *    airport;
 * 4. a room ("Room 4", "Boardroom", a booked room resource) -> the organisation's office, unless
 *    a city is named in another part of the text ("Meeting room at Acme, Munich" is in Munich);
 *    which office: one named in the text, else the owner's (the office in the owner's time
 *    zone), else the only or first one, said so;
 * 5. a city: the text is cut at commas (and ; | parentheses, spaced dashes), the parts read from
 *    the last (addresses end with the city and country), postcodes dropped; in each part the
 *    longest run of words that names a city wins (cities.ts). A run inside a longer part must be
 *    written with capitals, not be a common word ("Nice restaurant" is not Nice) and name a
 *    city at home or of 500,000 people or more. Parts naming a country ("Germany", "UK"), a US
 *    state ("CA") or a province ("London, Ontario") narrow the candidates instead.
 * Ambiguous names (London GB / CA / US) take the candidate named by the text's country, state
 * or province, else the highest score ln(population) + 3 for a home country (the offices'
 * countries, the owner's and the event's time zone's), i.e. a home-country town wins over a
 * place up to about 20 times larger abroad; the choice and the alternatives go into the place's
 * notes.
 */
import { findCity, partIndex } from './cities.js';
import { placeKey, type Gazetteer } from './gazetteer.js';
import { isResource } from './people.js';
import type { ConflictSettings, Office } from './settings.js';
import type { ConflictEvent, Place } from './types.js';

export type Whereabouts =
  | { kind: 'none' }
  | { kind: 'virtual'; why: string }
  | { kind: 'place'; place: Place; text: string; hybrid: boolean }
  | { kind: 'unknown'; text: string; why: string };

export interface PlaceContext {
  /** Countries (alpha-2) a city is more likely in. */
  homeCountries: ReadonlySet<string>;
  /** The owner's time zone, to pick the owner's office. */
  ownerZone: string | null;
}

/**
 * Conferencing products and phrases: virtual wherever they appear in the location. "Teams" alone
 * is also an ordinary word ("Acme Teams Hub, Munich"), so only Microsoft's product name or a
 * Teams meeting phrase counts here; a bare "Teams" counts as the whole location (VIRTUAL_ONLY).
 */
const CONFERENCING_WORDS =
  /\b(zoom|(microsoft|ms) teams|teams[- ]?(meeting|call|besprechung|anruf|sitzung|link)|google meet|hangouts?|webex|skype|gotomeeting|whereby|jitsi|video ?call|video ?conference|conference call|dial[- ]?in|web ?meeting|facetime|slack huddle)\b/i;
/**
 * Generic words that mean virtual only when they are the whole location ("Phone", "by phone",
 * "Online", "Remote call", "Teams", "via Teams"): "Phone booth 3", "Remote Systems GmbH, Hamburg" or "Call centre,
 * Leeds" are places.
 */
const VIRTUAL_ONLY =
  /^\s*((by|via|over|per|on|in)\s+)?(phone|telephone|call|online|virtual|remote|teams)(\s+(call|meeting))?\s*$/i;
const URL = /\bhttps?:\/\/\S+/i;
const MAPS_URL =
  /\b(google\.[a-z.]+\/maps|maps\.google\.|goo\.gl\/maps|maps\.app\.goo\.gl|maps\.apple\.com|bing\.com\/maps|openstreetmap\.org)/i;
const PHONE_ONLY = /^(tel:)?\s*\+?[\d\s().-]{7,}(\s*(pin|code|#)\s*[:\d#\s]*)?$/i;
const COORDINATES = /(-?\d{1,2}\.\d{2,})\s*,\s*(-?\d{1,3}\.\d{2,})/;
const IATA = /\b[A-Z]{3}\b/g;
const AIRPORT_WORDS =
  /\b(airport|flight|terminal|gate|flughafen|aeroport|aéroport|aeropuerto|aeroporto|luchthaven|lufthavn)\b/i;
const ROOM_WORDS =
  /\b(room|rm|boardroom|board room|raum|besprechungsraum|konferenzraum|salle|sala|sala de reuniones|floor|etage|stock|lobby|kitchen|cafeteria|auditorium|huddle|phone booth|focus booth)\b/i;

/** Where `event` takes place for its owner. */
export function whereaboutsOf(
  event: ConflictEvent,
  settings: ConflictSettings,
  context: PlaceContext,
): Whereabouts {
  const text = event.location?.trim() ?? '';
  const roomBooked = event.attendees.some(
    (a) => isResource(a, event, settings) && a.responseStatus !== 'declined',
  );
  if (!text) {
    if (event.conferenceUrl) return { kind: 'virtual', why: 'has a conferencing link' };
    if (!roomBooked) return { kind: 'none' };
    const office = ownersOffice(text, settings, context);
    return office
      ? { kind: 'place', place: office, text: 'a booked room', hybrid: false }
      : {
          kind: 'unknown',
          text: 'a booked room',
          why: 'a room is booked but no office is configured',
        };
  }
  const virtual = virtualReason(text);
  if (virtual) return { kind: 'virtual', why: virtual };
  const found = resolvePlace(text, settings, context, { roomBooked });
  if ('why' in found) return { kind: 'unknown', text, why: found.why };
  return { kind: 'place', place: found, text, hybrid: event.conferenceUrl !== null };
}

/** Why a location text means a virtual meeting, or null. */
export function virtualReason(text: string): string | null {
  if (URL.test(text) && !MAPS_URL.test(text)) return 'the location is a link';
  if (PHONE_ONLY.test(text.trim())) return 'the location is a phone number';
  const word = CONFERENCING_WORDS.exec(text) ?? VIRTUAL_ONLY.exec(text);
  return word ? `the location says "${word[0].trim()}"` : null;
}

/** The place a location text names, or why none could be read. */
export function resolvePlace(
  text: string,
  settings: ConflictSettings,
  context: PlaceContext,
  options: { roomBooked?: boolean } = {},
): Place | { why: string } {
  const office = officeNamedIn(text, settings);
  if (office) return office;
  const coordinates = COORDINATES.exec(text);
  if (coordinates) {
    const lat = Number(coordinates[1]);
    const lng = Number(coordinates[2]);
    if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180)
      return place(`${lat}, ${lng}`, 'coordinates', lat, lng, null, null, 'exact');
  }
  const airport = airportIn(text, settings.gazetteer);
  if (airport) return airport;
  const city = findCity(text, settings.gazetteer, context.homeCountries);
  const roomPart = ROOM_WORDS.test(text) ? partIndex(text, ROOM_WORDS) : null;
  const isRoom = options.roomBooked || (roomPart !== null && (!city || city.part === roomPart));
  if (isRoom) {
    const own = ownersOffice(text, settings, context);
    if (own) return own;
    if (!city) return { why: 'a room, but no office is configured' };
  }
  if (city) return city.place;
  return { why: 'no office, airport or city found in it' };
}

function place(
  label: string,
  source: Place['source'],
  lat: number,
  lng: number,
  country: string | null,
  office: string | null,
  precision: Place['precision'],
  notes: string[] = [],
): Place {
  return { label, source, lat, lng, country, office, precision, notes };
}

// --- offices -----------------------------------------------------------------------------

interface ResolvedOffice {
  office: Office;
  key: string;
  place: Place | null;
}

const resolvedOffices = new WeakMap<readonly Office[], ResolvedOffice[]>();

/** Each office with its place (from coordinates, else its location text), resolved once. */
export function officePlaces(settings: ConflictSettings): readonly ResolvedOffice[] {
  let resolved = resolvedOffices.get(settings.offices);
  if (!resolved) {
    resolved = settings.offices.map((office) => ({
      office,
      key: placeKey(office.name),
      place: officePlace(office, settings),
    }));
    resolvedOffices.set(settings.offices, resolved);
  }
  return resolved;
}

function officePlace(office: Office, settings: ConflictSettings): Place | null {
  const label = `office ${office.name}`;
  if (office.lat !== null && office.lng !== null)
    return place(label, 'office', office.lat, office.lng, null, office.name, 'exact');
  const zoneCountry = office.timeZone ? settings.gazetteer.countryOfZone(office.timeZone) : null;
  const home = new Set(zoneCountry ? [zoneCountry] : []);
  const found = findCity(office.location ?? office.name, settings.gazetteer, home);
  if (!found) return null;
  const city = found.place;
  return place(label, 'office', city.lat, city.lng, city.country, office.name, 'city', [
    `${office.name} is in ${city.label}`,
  ]);
}

function officeNamedIn(text: string, settings: ConflictSettings): Place | null {
  const key = ` ${placeKey(text)} `;
  for (const office of officePlaces(settings)) {
    if (office.place && office.key && key.includes(` ${office.key} `)) return office.place;
  }
  return null;
}

/** The office a room is in: named in the text, else the owner's, else the only or first one. */
function ownersOffice(text: string, settings: ConflictSettings, context: PlaceContext) {
  const named = text ? officeNamedIn(text, settings) : null;
  if (named) return named;
  const offices = officePlaces(settings).filter((o) => o.place);
  const inZone = offices.find((o) => context.ownerZone && o.office.timeZone === context.ownerZone);
  const chosen = inZone ?? offices[0];
  if (!chosen?.place) return null;
  const why = inZone
    ? `a room: taken as the office in your time zone (${inZone.office.name})`
    : offices.length === 1
      ? `a room: taken as the office (${chosen.office.name})`
      : `a room: taken as the first office listed (${chosen.office.name}), as none is named`;
  return { ...chosen.place, notes: [...chosen.place.notes, why] };
}

// --- airports ----------------------------------------------------------------------------

function airportIn(text: string, gazetteer: Gazetteer): Place | null {
  const codes = text.match(IATA) ?? [];
  if (codes.length === 0) return null;
  const rest = text
    .replace(IATA, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
  const standsAlone = rest === '' || /^(terminal|gate|t)\b/i.test(rest);
  if (!standsAlone && !AIRPORT_WORDS.test(text)) return null;
  for (const code of codes) {
    const airport = gazetteer.airport(code);
    if (airport)
      return place(
        `${code} (${airport.name}, ${airport.city})`,
        'airport',
        airport.lat,
        airport.lng,
        airport.country,
        null,
        'exact',
      );
  }
  return null;
}
