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
  return trip ? `${trip.mode}: ${end(trip.origin)} -> ${end(trip.destination)}` : 'not a trip';
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
  ])('%s is a meeting', (title, location) => {
    expect(read(title, location)).toBe('not a trip');
  });

  it.each([
    'Flight risk review with Acme',
    'Flight planning with Lufthansa sales',
    'Train the trainer: Acme onboarding',
    'Pitch to Lufthansa: flight ops software',
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
