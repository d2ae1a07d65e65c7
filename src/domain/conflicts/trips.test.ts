import { describe, expect, it } from 'vitest';
import { makeConflictEvent } from './make-event.js';
import { conflictSettings } from './settings.js';
import { isTrip, tripOf, type Trip } from './trips.js';

const settings = conflictSettings({});
const context = { homeCountries: new Set(['DE', 'CH', 'FR', 'ES']), ownerZone: null };

function read(title: string, location: string | null): string {
  const event = makeConflictEvent({
    id: 'x',
    owner: 'a@b.example',
    start: 0,
    end: 1,
    title,
    location,
  });
  const trip = tripOf(event, settings, context);
  const end = (e: Trip['origin']) => (e.kind === 'place' ? e.place.label : `? ${e.text}`);
  const mode = trip?.transfer ? `${trip.mode} (transfer)` : trip?.mode;
  return trip ? `${mode}: ${end(trip.origin)} -> ${end(trip.destination)}` : 'not a trip';
}

describe('trips read from titles', () => {
  it.each([
    [
      '🚆 ICE 1013 Berlin Hbf → Bremen Hbf (Umstieg Bremerhaven)',
      'Berlin Hbf',
      'train: Berlin, DE -> Bremen, DE',
    ],
    ['🚆 IC1 Lausanne → Zürich HB', 'Lausanne', 'train: Lausanne, CH -> Zürich, CH'],
    [
      '🚄 TGV 6604 Lyon Part-Dieu → Paris Gare de Lyon',
      'Lyon Part-Dieu',
      'train: Lyon, FR -> Paris, FR',
    ],
    [
      'Trein Brussel-Zuid → Paris-Nord (9314)',
      'Bruxelles-Midi / Brussel-Zuid',
      'train: Brussels, BE -> Paris, FR',
    ],
    ['AVE Madrid → Valencia 07:30', 'Madrid Puerta de Atocha', 'train: Madrid, ES -> Valencia, ES'],
    [
      '✈️ ZRH → BER  LX 974',
      'Zürich Flughafen',
      'flight: Zürich, CH -> BER (Berlin Brandenburg Airport, Berlin)',
    ],
    [
      'Flight BER → LHR',
      'Berlin Brandenburg Airport (BER)',
      'flight: BER (Berlin Brandenburg Airport, Berlin) -> LHR (London Heathrow Airport, London)',
    ],
    ['Flight to Munich', 'BER', 'flight: BER (Berlin Brandenburg Airport, Berlin) -> Munich, DE'],
    [
      'Flight LH 2480',
      'BER',
      'flight: BER (Berlin Brandenburg Airport, Berlin) -> ? Flight LH 2480',
    ],
    ['🚗 Trajet Paris → Poligny', '', 'drive: Paris, FR -> ? Poligny'],
    ['ICE Berlin → München', '', 'train: Berlin, DE -> Munich, DE'],
    // A route apart by a dash, or by a space alone, when both ends are places it knows.
    ['AVE Madrid - Barcelona', '', 'train: Madrid, ES -> Barcelona, ES'],
    ['Eurostar London–Paris', '', 'train: London, GB -> Paris, FR'],
    ['TGV Paris Lyon', '', 'train: Paris, FR -> Lyon, FR'],
    ['Zug Zürich — Bern', '', 'train: Zürich, CH -> Bern, CH'],
    ['Drive Berlin Hamburg', '', 'drive: Berlin, DE -> Hamburg, DE'],
    // A ride to an airport or a station: a transfer from wherever one is.
    [
      'Taxi to JFK',
      '',
      'drive (transfer): ? Taxi to JFK -> JFK (John F Kennedy International Airport, New York)',
    ],
    ['Cab to LHR', '', 'drive (transfer): ? Cab to LHR -> LHR (London Heathrow Airport, London)'],
    ['Uber to airport', '', 'drive (transfer): ? Uber to airport -> ? airport'],
    ['Uber to the airport', 'Berlin HQ, Berlin', 'drive (transfer): Berlin, DE -> ? airport'],
    // The ride's own preposition and article, in the languages calendars are written in.
    ['Taxi zum Flughafen', '', 'drive (transfer): ? Taxi zum Flughafen -> ? Flughafen'],
    ['Taxi al aeropuerto', '', 'drive (transfer): ? Taxi al aeropuerto -> ? aeropuerto'],
    ["Taxi pour l'aéroport", '', "drive (transfer): ? Taxi pour l'aéroport -> ? l'aéroport"],
    ['Uber to Berlin Hbf', '', 'drive (transfer): ? Uber to Berlin Hbf -> Berlin, DE'],
    // A train brand followed directly by its route.
    ['ICE 1013 Berlin - Hamburg', '', 'train: Berlin, DE -> Hamburg, DE'],
    ['🚆 Berlin - Hamburg', '', 'train: Berlin, DE -> Hamburg, DE'],
  ])('%s at %s: %s', (title, location, expected) => {
    expect(read(title, location)).toBe(expected);
  });

  it.each([
    ['Vogel Elektronik – Management Check-in (nach ERP-Störung)', 'Vogel Elektronik AG, Zug'],
    ['Handover comercial → CS: Del Bajío', 'https://meet.google.com/hnd-dbj-cs'],
    ['Comité comercial semanal (en martes por el AVE)', 'https://meet.google.com/x'],
    ['Acme <> Northwind | pricing', 'Berlin'],
    ['Review → travel budget', 'Room 4'],
    ['Budget review: drive → growth', 'Munich'],
    ['Piloto en ruta Sevilla Este — Bebidas del Sur (día 1)', 'Dos Hermanas (Sevilla)'],
    // A ride word with no airport, station or place to go to; a mode with no two places.
    ['Uber account review', 'Berlin'],
    ['Uber to discuss pricing', null],
    ['Taxi company onboarding', null],
    ['ICE Team Offsite', 'Berlin'],
    ['ICE Sales Kickoff', null],
    ['TGV Paris Lyon Marseille Nice Toulouse Lille Bordeaux', null],
    ['Eurostar partnership – quarterly review', null],
    // A ride to a city (or to a town that is also a word) names no terminal: a meeting.
    ['Shuttle demo to Boston', null],
    ['Taxi demo to Boston', null],
    ['Lyft to Boston kickoff', null],
    ['Uber to Enterprise', null],
    ['Cab to Enterprise', null],
    ['Uber to Orange', null],
    ['Uber to Boston', null],
    // Two places after a customer's name, or after a code that is also a business word.
    ['Deutsche Bahn Berlin - München', null],
    ['EC Madrid - Barcelona', null],
    ['IR London - Paris', null],
    ['Bahn Berlin - Hamburg', null],
  ])('%s is a meeting', (title, location) => {
    expect(read(title, location)).toBe('not a trip');
  });

  it.each([
    'Flight risk review with Acme',
    'Flight planning with Lufthansa sales',
    'Train the trainer: Acme onboarding',
    'Pitch to Lufthansa: flight ops software',
    'Train the sales team',
    'Taxi to JFK',
    // Even a real trip's title, when people are invited: it is run as a meeting.
    'Flug nach Berlin',
  ])('%s with guests is a meeting, whatever its title reads like', (title) => {
    const event = makeConflictEvent({
      id: 'x',
      owner: 'a@b.example',
      start: 0,
      end: 1,
      title,
      location: null,
      attendees: [
        { email: 'a@b.example', responseStatus: 'accepted' },
        { email: 'room-4@resource.calendar.google.com', resource: true },
        { email: 'buyer@acme.example' },
      ],
    });
    expect(tripOf(event, settings, context)).toBeNull();
    // Alone with a room, the same entry is the owner's trip.
    const alone = { ...event, attendees: event.attendees.slice(0, 2) };
    expect(tripOf(alone, settings, context)?.mode ?? null).not.toBeNull();
  });
});

describe('a trip shared with colleagues', () => {
  const withColleague = (title: string) =>
    makeConflictEvent({
      id: 'x',
      owner: 'a@b.example',
      start: 0,
      end: 1,
      title,
      location: 'Berlin Hbf',
      attendees: [
        { email: 'a@b.example', responseStatus: 'accepted' },
        { email: 'ben@b.example', name: 'Ben' },
      ],
    });

  it('a train with a route and a colleague travelling along is still a trip', () => {
    const event = withColleague('Train Berlin Hbf → Hamburg Hbf (ICE 1001)');
    expect(isTrip(event, settings)).toBe(true);
    expect(tripOf(event, settings, context)?.mode).toBe('train');
  });

  it('a title that names no route, with colleagues, stays a meeting', () => {
    expect(isTrip(withColleague('Train the trainer: Acme onboarding'), settings)).toBe(false);
  });
});
