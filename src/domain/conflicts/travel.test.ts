import { describe, expect, it } from 'vitest';
import { availabilityFromEvents } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent, type ConflictEventInput } from './make-event.js';
import { conflictSettings, type ConflictSettingsInput } from './settings.js';
import { haversineKm, modelTravelEstimator, DEFAULT_TRAVEL } from './travel-model.js';
import type { Conflict, Place } from './types.js';

const ANA = 'ana@northwind.io';
const NOW = Date.parse('2026-03-01T00:00:00Z');
const at = (time: string) => Date.parse(`2026-03-10T${time}:00Z`);

function meeting(id: string, from: string, to: string, fields: Partial<ConflictEventInput> = {}) {
  return makeConflictEvent({
    id,
    owner: ANA,
    title: id,
    start: at(from),
    end: at(to),
    attendees: [{ email: ANA, responseStatus: 'accepted' }, { email: `${id}@client.example` }],
    organizer: { email: ANA },
    ...fields,
  });
}

const OFFICES: ConflictSettingsInput['offices'] = [
  {
    name: 'Berlin HQ',
    location: 'Berlin, Germany',
    lat: null,
    lng: null,
    timeZone: 'Europe/Berlin',
  },
];

function travel(
  events: ReturnType<typeof meeting>[],
  input: ConflictSettingsInput = {},
): Conflict[] {
  const settings = conflictSettings({
    internalDomains: ['northwind.io'],
    offices: OFFICES,
    timeZoneOf: () => 'Europe/Berlin',
    ...input,
  });
  return detectConflicts(events, settings, availabilityFromEvents(events), NOW).filter(
    (c) => c.kind === 'travel',
  );
}

describe('travel conflicts', () => {
  it('same city: two addresses in Berlin need a trip across town (30 min + 10 min buffer)', () => {
    const first = meeting('acme', '09:00', '10:00', { location: 'Acme GmbH, Berlin' });
    const close = meeting('globex', '10:20', '11:00', { location: 'Globex, Torstraße 1, Berlin' });
    const [conflict] = travel([first, close]);
    expect(conflict).toMatchObject({
      kind: 'travel',
      eventIds: ['acme', 'globex'],
      severity: 'medium',
      start: first.end,
      end: close.start,
      travel: { mode: 'driving', minutesNeeded: 40, minutesAvailable: 20, unknownPlaces: [] },
    });
    expect(conflict?.reasons.join(' ')).toMatch(/exact addresses are not known/);
    const later = meeting('globex', '10:45', '11:30', { location: 'Globex, Berlin' });
    expect(travel([first, later])).toEqual([]);
  });

  it('same place: rooms of one office, or the same text, need no trip', () => {
    expect(
      travel([
        meeting('a', '09:00', '10:00', { location: 'Room 4' }),
        meeting('b', '10:00', '11:00', { location: 'Boardroom' }),
        meeting('c', '11:00', '12:00', { location: 'Berlin HQ, 2nd floor' }),
      ]),
    ).toEqual([]);
  });

  it('two cities by car: Berlin to Potsdam with 30 minutes between', () => {
    const [conflict] = travel([
      meeting('berlin', '09:00', '10:00', { location: 'Acme, Berlin' }),
      meeting('potsdam', '10:30', '11:30', { location: 'Initech, Potsdam' }),
    ]);
    expect(conflict?.travel).toMatchObject({ mode: 'driving', minutesAvailable: 30 });
    expect(conflict?.travel?.distanceKm).toBeGreaterThan(20);
    expect(conflict?.travel?.distanceKm).toBeLessThan(40);
    // 10 min parking + ~36 km of road at 25 then 90 km/h, + 10 min buffer: over an hour.
    expect(conflict?.travel?.minutesNeeded).toBeGreaterThan(60);
    expect(conflict?.severity).toBe('high'); // short by more than 30 minutes
  });

  it('a flight: Berlin in the morning, a customer in London two hours later', () => {
    const [conflict] = travel([
      meeting('berlin', '08:00', '09:00', { location: 'Room 4' }),
      meeting('london', '11:00', '12:00', {
        location: '1 Canada Square, London',
        conferenceUrl: 'https://zoom.us/j/42',
      }),
    ]);
    expect(conflict).toMatchObject({ severity: 'high', travel: { mode: 'flying' } });
    expect(conflict?.travel?.from?.office).toBe('Berlin HQ');
    expect(conflict?.travel?.to?.label).toBe('London, GB');
    // ~930 km: 150 min of airports plus 75 min in the air, and the buffer.
    expect(conflict?.travel?.minutesNeeded).toBeGreaterThan(220);
    expect(conflict?.suggestions[0]).toMatchObject({ action: 'join_virtually', eventId: 'london' });
    expect(conflict?.suggestions[0]?.why).toMatch(/has a video link \(zoom\.us\)/);
  });

  it("a meeting nested inside a longer one does not hide the longer one's next trip", () => {
    const long = meeting('long', '08:00', '12:00', { location: 'Acme GmbH, Berlin' });
    const paris = meeting('paris', '12:30', '13:30', { location: 'Globex, Paris' });
    const alone = travel([long, paris]);
    expect(alone.map((c) => c.eventIds)).toEqual([['long', 'paris']]);
    // A short meeting inside the long one, at the same place: the trip to Paris still leaves
    // from the long one at 12:00, with 30 minutes for a flight.
    const nested = meeting('nested', '08:15', '08:30', { location: 'Acme GmbH, Berlin' });
    const conflicts = travel([long, nested, paris]);
    expect(conflicts.map((c) => c.eventIds)).toEqual([['long', 'paris']]);
    expect(conflicts[0]).toMatchObject({
      start: long.end,
      end: paris.start,
      travel: { mode: 'flying', minutesAvailable: 30 },
    });
    expect(conflicts[0]?.travel).toEqual(alone[0]?.travel);
  });

  it('virtual meetings need no travel and are skipped over between two in-person ones', () => {
    const conflicts = travel([
      meeting('office', '09:00', '10:00', { location: 'Room 4' }),
      meeting('call', '10:00', '10:30', { location: 'https://zoom.us/j/1' }),
      meeting('teams', '10:30', '11:00', { location: 'Microsoft Teams Meeting' }),
      meeting('munich', '11:00', '12:00', { location: 'Acme, Munich' }),
    ]);
    expect(conflicts.map((c) => c.eventIds)).toEqual([['munich', 'office']]);
  });

  it('an unknown place is reported as unknown, at low severity, only when the gap is short', () => {
    const [conflict] = travel([
      meeting('office', '09:00', '10:00', { location: 'Room 4' }),
      meeting('mystery', '10:10', '11:00', { location: 'The usual place' }),
    ]);
    expect(conflict).toMatchObject({
      severity: 'low',
      travel: { unknownPlaces: ['The usual place'], mode: null, minutesNeeded: null },
    });
    expect(conflict?.reasons.join(' ')).toMatch(/cannot tell where "The usual place" is/);
    expect(
      travel([
        meeting('office', '09:00', '10:00', { location: 'Room 4' }),
        meeting('mystery', '11:00', '12:00', { location: 'The usual place' }),
      ]),
    ).toEqual([]);
  });

  it('asks the travel port, so a routing service can replace the model', () => {
    const asked: Array<[string, string]> = [];
    const conflicts = travel(
      [
        meeting('a', '09:00', '10:00', { location: 'Acme, Hamburg' }),
        meeting('b', '13:00', '14:00', { location: 'Globex, Munich' }),
      ],
      {
        travelTimes: {
          estimate: (from: Place, to: Place) => {
            asked.push([from.label, to.label]);
            return { mode: 'driving', distanceKm: 600, minutes: 400 };
          },
        },
      },
    );
    expect(asked).toEqual([['Hamburg, DE', 'Munich, DE']]);
    expect(conflicts[0]?.travel).toMatchObject({ minutesNeeded: 410, minutesAvailable: 180 });
  });

  const acmeNegotiation = () =>
    meeting('acme', '09:00', '10:00', {
      location: 'Acme, Berlin',
      meeting: {
        isSalesMeeting: true,
        confidence: 0.9,
        meetingType: 'negotiation',
        accountId: 'a',
        accountStage: 'negotiation',
      },
    });
  const partnerMeeting = (organizer: string) =>
    meeting('partner', '10:15', '12:15', {
      location: 'Partner AG, Potsdam',
      organizer: { email: organizer },
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: 'ben@northwind.io', name: 'Ben', responseStatus: 'accepted' },
        { email: 'p@partner.example' },
      ],
    });

  it('never moves nor shortens a meeting someone else organises: joined, covered or declined', () => {
    const [conflict] = travel([acmeNegotiation(), partnerMeeting('p@partner.example')]);
    expect(conflict?.suggestions.map((s) => `${s.action}:${s.eventId}`)).toEqual([
      'join_virtually:partner',
      'delegate:partner',
      'decline:partner',
    ]);
    expect(conflict?.suggestions[0]?.why).toMatch(/^ask the organiser of "partner"/);
  });

  it('ranks suggestions: join virtually, reschedule with room to travel, shorten, delegate', () => {
    const first = acmeNegotiation();
    const second = partnerMeeting(ANA);
    const [conflict] = travel([first, second]);
    const actions = conflict?.suggestions.map((s) => `${s.action}:${s.eventId}`);
    // Ana organises it: moved or shortened rather than declined.
    expect(actions).toEqual([
      'join_virtually:partner',
      'reschedule:partner',
      'shorten:partner',
      'delegate:partner',
    ]);
    const needed = conflict?.travel?.minutesNeeded ?? 0;
    const shortened = conflict?.suggestions.find((s) => s.action === 'shorten');
    expect(shortened?.to).toEqual({ start: first.end + needed * 60_000, end: second.end });
    const moved = conflict?.suggestions.find((s) => s.action === 'reschedule');
    expect(moved?.to?.start).toBeGreaterThanOrEqual(first.end + needed * 60_000);
    expect(conflict?.suggestions.find((s) => s.action === 'delegate')?.delegateTo).toBe(
      'ben@northwind.io',
    );
  });
});

describe('the travel model', () => {
  const model = modelTravelEstimator(DEFAULT_TRAVEL);
  const place = (lat: number, lng: number): Place => ({
    label: '',
    source: 'coordinates',
    lat,
    lng,
    country: null,
    office: null,
    precision: 'exact',
    notes: [],
  });

  it('walks short distances, drives medium ones and flies far', () => {
    expect(model.estimate(place(52.52, 13.4), place(52.525, 13.41), 0).mode).toBe('walking');
    expect(model.estimate(place(52.52, 13.4), place(52.4, 13.06), 0).mode).toBe('driving');
    expect(model.estimate(place(52.52, 13.4), place(51.5, -0.12), 0).mode).toBe('flying');
    expect(haversineKm(place(52.52, 13.4), place(51.5, -0.12))).toBeCloseTo(932, -1);
  });
});
