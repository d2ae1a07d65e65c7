import { describe, expect, it } from 'vitest';
import { gazetteerFrom, offlineGazetteer } from './gazetteer.js';
import { makeConflictEvent } from './make-event.js';
import { resolvePlace, virtualReason, whereaboutsOf, type PlaceContext } from './places.js';
import { conflictSettings } from './settings.js';
import type { Place } from './types.js';

const BERLIN_OFFICE = {
  name: 'Berlin HQ',
  location: 'Friedrichstraße 43, 10117 Berlin, Germany',
  lat: null,
  lng: null,
  timeZone: 'Europe/Berlin',
};
const settings = conflictSettings({ internalDomains: ['northwind.io'], offices: [BERLIN_OFFICE] });
const inGermany: PlaceContext = { homeCountries: new Set(['DE']), ownerZone: 'Europe/Berlin' };
const inTheUs: PlaceContext = { homeCountries: new Set(['US']), ownerZone: 'America/Chicago' };

function placeOf(text: string, context = inGermany, options = {}): Place {
  const found = resolvePlace(text, settings, context, options);
  if ('why' in found) throw new Error(`${text}: ${found.why}`);
  return found;
}

describe('resolvePlace', () => {
  it('reads cities from addresses, "Company, City" and local names', () => {
    expect(placeOf('Acme HQ, Berlin').label).toBe('Berlin, DE');
    expect(placeOf('Friedrichstraße 43, 10117 Berlin, Germany').label).toBe('Berlin, DE');
    expect(placeOf('Berliner Straße 5, Hamburg').label).toBe('Hamburg, DE');
    expect(placeOf('1 Market St, San Francisco, CA 94105').label).toBe('San Francisco, CA, US');
    expect(placeOf('München').label).toBe('Munich, DE');
    expect(placeOf('Hotel Adlon Berlin').label).toBe('Berlin, DE');
    expect(placeOf('Monterrey, Mexico').label).toBe('Monterrey, MX');
    expect(placeOf('Berlin').precision).toBe('city');
  });

  it('picks among cities of one name by the country or state named, else population and home, and says so', () => {
    const london = placeOf('London');
    expect(london.label).toBe('London, GB');
    expect(london.notes[0]).toMatch(/read as London, GB \(the largest place of that name\); also/);
    expect(placeOf('London, Ontario').label).toBe('London, CA');
    expect(placeOf('Portland, OR').notes[0]).toMatch(/named in the location/);
    // Victoria, Texas is a fifth of Victoria, BC, but an American means the one at home.
    expect(placeOf('Victoria', inTheUs).label).toBe('Victoria, TX, US');
    expect(placeOf('Victoria', inTheUs).notes[0]).toMatch(/in your country \(US\)/);
    expect(placeOf('Victoria', inGermany).label).toBe('Victoria, CA');
  });

  it('weighs home country against population: a small town abroad loses to a large city', () => {
    const gazetteer = gazetteerFrom([
      city('Paris', 'FR', 'France', 2_140_000, 48.86, 2.35),
      city('Paris', 'US', 'United States of America', 25_000, 33.66, -95.55, 'TX'),
      city('Paris', 'US', 'United States of America', 900_000, 36.3, -88.3, 'TN'), // invented
    ]);
    const local = conflictSettings({ gazetteer });
    const resolve = (text: string, context: PlaceContext) => {
      const found = resolvePlace(text, local, context);
      return 'why' in found ? found.why : found.label;
    };
    expect(resolve('Paris', inGermany)).toBe('Paris, FR');
    // ln(900k) + 3 beats ln(2.14M): a home-country city at least e^-3 (about 1/20) the size.
    expect(resolve('Paris', inTheUs)).toBe('Paris, TN, US');
    expect(resolve('Paris, TX', inGermany)).toBe('Paris, TX, US');
    expect(resolve('Paris, France', inTheUs)).toBe('Paris, FR');
  });

  it('reads airports by IATA code, alone or with an airport word, but not any three capitals', () => {
    expect(placeOf('LHR Terminal 5')).toMatchObject({ source: 'airport', precision: 'exact' });
    expect(placeOf('JFK').label).toMatch(/^JFK \(John F Kennedy/);
    expect(placeOf('Meet the CEO at Acme, Munich').label).toBe('Munich, DE');
  });

  it('puts rooms in the office, but a room in another city in that city', () => {
    expect(placeOf('Room 4')).toMatchObject({ source: 'office', office: 'Berlin HQ' });
    expect(placeOf('Conference Room Everest').office).toBe('Berlin HQ');
    expect(placeOf('Everest', inGermany, { roomBooked: true }).office).toBe('Berlin HQ');
    expect(placeOf('Berlin HQ, 3rd floor').office).toBe('Berlin HQ');
    expect(placeOf('Meeting room at Acme, Munich').label).toBe('Munich, DE');
    const noOffice = resolvePlace('Room 4', conflictSettings(), inGermany);
    expect(noOffice).toEqual({ why: 'a room, but no office is configured' });
  });

  it('takes coordinates as they are, maps links included', () => {
    expect(placeOf('https://maps.google.com/?q=52.5200,13.4050')).toMatchObject({
      source: 'coordinates',
      lat: 52.52,
      lng: 13.405,
    });
  });

  it('says unknown rather than guess', () => {
    for (const text of [
      'Acme HQ',
      'Home',
      'Nice restaurant near the beach',
      'Café Einstein Unter den Linden',
    ])
      expect(resolvePlace(text, settings, inGermany)).toHaveProperty('why');
  });
});

describe('whereaboutsOf', () => {
  const base = { id: 'e', owner: 'ana@northwind.io', start: 0, end: 1 };

  it('knows virtual meetings: links, conferencing words, phone numbers', () => {
    for (const location of [
      'https://zoom.us/j/123',
      'Microsoft Teams Meeting',
      'MS Teams',
      'Teams',
      'via teams',
      'Teams-Besprechung; Einwahl +49 30 1234567',
      'Click to join the Teams meeting',
      'Zoom',
      '+1 555 123 4567',
      'Phone call',
      'by phone',
      'Online',
    ])
      expect(virtualReason(location)).not.toBeNull();
    // Generic words inside a place's name do not make it virtual.
    for (const location of [
      'Phone booth 3',
      'Around the Corner Café, Munich',
      'Remote Systems GmbH, Hamburg',
      'Call centre, Leeds',
      'Acme Teams Hub, Munich',
      'Red Bull Racing Teams Building, Milton Keynes',
    ])
      expect(virtualReason(location)).toBeNull();
    const linkOnly = makeConflictEvent({
      ...base,
      conferenceUrl: 'https://meet.google.com/abc-defg-hij',
    });
    expect(whereaboutsOf(linkOnly, settings, inGermany).kind).toBe('virtual');
    expect(whereaboutsOf(makeConflictEvent(base), settings, inGermany).kind).toBe('none');
  });

  it('marks an in-person meeting with a link as hybrid, and a booked room as the office', () => {
    const hybrid = makeConflictEvent({
      ...base,
      location: 'Acme, Munich',
      conferenceUrl: 'https://zoom.us/j/1',
    });
    expect(whereaboutsOf(hybrid, settings, inGermany)).toMatchObject({
      kind: 'place',
      hybrid: true,
    });
    const room = makeConflictEvent({
      ...base,
      attendees: [{ email: 'room-4@resource.calendar.google.com', resource: true }],
    });
    const where = whereaboutsOf(room, settings, inGermany);
    expect(where.kind === 'place' && where.place.office).toBe('Berlin HQ');
  });
});

describe('offlineGazetteer', () => {
  it('is loaded once and indexes countries and zones', () => {
    const gazetteer = offlineGazetteer();
    expect(offlineGazetteer()).toBe(gazetteer);
    expect(gazetteer.countryCode('Germany')).toBe('DE');
    expect(gazetteer.countryCode('UK')).toBe('GB');
    expect(gazetteer.countryOfZone('Europe/Berlin')).toBe('DE');
    expect(gazetteer.airport('SFO')?.city).toBe('San Francisco');
  });
});

function city(
  name: string,
  country: string,
  countryName: string,
  population: number,
  lat: number,
  lng: number,
  state: string | null = null,
) {
  return { name, country, countryName, population, lat, lng, state, province: '', timeZone: 'UTC' };
}
