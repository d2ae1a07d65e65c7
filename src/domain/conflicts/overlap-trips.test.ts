import { describe, expect, it } from 'vitest';
import { availabilityFromEvents } from './availability.js';
import { detectConflicts } from './detect.js';
import { makeConflictEvent } from './make-event.js';
import { conflictSettings } from './settings.js';
import type { ConflictEvent } from './types.js';

const ANA = 'ana@northwind.io';
const NOW = Date.parse('2026-12-01T00:00:00Z');
// Berlin is UTC+1 in December.
const at = (time: string) => Date.parse(`2026-12-09T${time}:00+01:00`);
const settings = conflictSettings({
  internalDomains: ['northwind.io'],
  timeZoneOf: () => 'Europe/Berlin',
});

const train = makeConflictEvent({
  id: 'train',
  owner: ANA,
  title: 'Train Berlin Hbf → Hamburg Hbf (ICE 1001)',
  location: 'Berlin Hbf',
  start: at('08:00'),
  end: at('10:00'),
  organizer: { email: ANA },
});
const coffee = makeConflictEvent({
  id: 'coffee',
  owner: ANA,
  title: 'Coffee with Berlin partner',
  location: 'Alexanderplatz, Berlin',
  start: at('09:00'),
  end: at('09:30'),
  organizer: { email: ANA },
  attendees: [
    { email: ANA, responseStatus: 'accepted' },
    { email: 'kim@partner.example', name: 'Kim' },
  ],
});
const workshop = makeConflictEvent({
  id: 'workshop',
  owner: ANA,
  title: 'Workshop with Hanse Shipping',
  location: 'Hamburg',
  start: at('10:10'),
  end: at('12:00'),
  organizer: { email: ANA },
  attendees: [
    { email: ANA, responseStatus: 'accepted' },
    { email: 'ole@hanse-shipping.example', name: 'Ole' },
  ],
});

function overlapOf(events: ConflictEvent[]) {
  const conflicts = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
  const overlap = conflicts.find((c) => c.kind === 'overlap');
  if (!overlap) throw new Error('no overlap found');
  return overlap;
}

describe('an overlap with a trip', () => {
  it('never moves the train: the coffee it overlaps (in Berlin) is joined by video from the train', () => {
    const overlap = overlapOf([train, coffee, workshop]);
    expect(overlap.eventIds).toEqual(['coffee', 'train']);
    expect(overlap.suggestions.filter((s) => s.eventId === 'train')).toEqual([]);
    const actions = overlap.suggestions.map((s) => `${s.eventId} ${s.action}`);
    expect(actions).toEqual(['coffee join_virtually']);
    const join = overlap.suggestions.find((s) => s.action === 'join_virtually');
    expect(join?.why).toBe(
      'add a video link to "Coffee with Berlin partner" and join it from the train',
    );
  });

  it('declines an invitation under a trip for where the owner is, not by weighing the trip', () => {
    const invited = makeConflictEvent({
      ...coffee,
      organizer: { email: 'kim@partner.example' },
    });
    const overlap = overlapOf([train, invited]);
    expect(overlap.suggestions.filter((s) => s.eventId === 'train')).toEqual([]);
    const declined = overlap.suggestions.find((s) => s.action === 'decline');
    expect(declined?.why).toBe(
      'decline "Coffee with Berlin partner": you are on "Train Berlin Hbf → Hamburg Hbf (ICE 1001)" then',
    );
  });

  it('releases an own hold under a flight', () => {
    const flight = makeConflictEvent({
      id: 'flight',
      owner: ANA,
      title: 'Flight LH 2480 BER → MUC',
      start: at('07:40'),
      end: at('09:00'),
    });
    const focus = makeConflictEvent({
      id: 'focus',
      owner: ANA,
      title: 'Focus time',
      start: at('08:00'),
      end: at('09:00'),
      organizer: { email: ANA },
    });
    const overlap = overlapOf([flight, focus]);
    expect(overlap.suggestions.map((s) => `${s.eventId} ${s.action}`)).toEqual(['focus release']);
  });
});

describe("a colleague's trip on a calendar shared with the owner", () => {
  const bensTrain = makeConflictEvent({
    ...train,
    id: 'ben-train',
    owner: ANA,
    ownCalendar: false,
    organizer: { email: 'ben@northwind.io', name: 'Ben' },
  });
  const qbr = makeConflictEvent({
    id: 'qbr',
    owner: ANA,
    title: 'Acme QBR',
    start: at('09:00'),
    end: at('10:00'),
    organizer: { email: 'jo@acme.example' },
    attendees: [
      { email: ANA, responseStatus: 'accepted' },
      { email: 'jo@acme.example', name: 'Jo' },
    ],
  });

  it('is not where the owner is: her meeting is not declined nor joined from the train', () => {
    const overlap = overlapOf([bensTrain, qbr]);
    const whys = overlap.suggestions.map((s) => s.why).join('\n');
    expect(whys).not.toContain('you are on');
    expect(whys).not.toContain('from the train');
    expect(overlap.suggestions.filter((s) => s.eventId === 'qbr')).toEqual([]);
  });

  it("gives no advice on a colleague's meeting under the owner's own train", () => {
    const bensMeeting = makeConflictEvent({
      ...qbr,
      id: 'ben-meeting',
      ownCalendar: false,
      organizer: { email: 'ben@northwind.io' },
      attendees: [
        { email: 'ben@northwind.io', responseStatus: 'accepted' },
        { email: 'jo@acme.example' },
      ],
    });
    const overlap = overlapOf([train, bensMeeting]);
    expect(overlap.suggestions).toEqual([]);
  });
});

describe('a meeting at where the trip leaves from', () => {
  const withGuest = (id: string, title: string, location: string, start: string, end: string) =>
    makeConflictEvent({
      id,
      owner: ANA,
      title,
      location,
      start: at(start),
      end: at(end),
      organizer: { email: ANA },
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: 'kim@partner.example', name: 'Kim' },
      ],
    });

  it('is not moved or shortened into the time she is at the destination', () => {
    const lunch = withGuest(
      'lunch',
      'Client lunch Berlin',
      'Alexanderplatz, Berlin',
      '09:30',
      '10:30',
    );
    const overlap = overlapOf([train, lunch]);
    const actions = overlap.suggestions.map((s) => s.action);
    expect(actions).not.toContain('reschedule');
    expect(actions).not.toContain('shorten');
    expect(actions).toContain('join_virtually');
  });

  it('is not moved to after the trip when it starts before it', () => {
    const breakfast = withGuest(
      'breakfast',
      'Breakfast Berlin',
      'Alexanderplatz, Berlin',
      '07:00',
      '08:05',
    );
    const overlap = overlapOf([train, breakfast]);
    const moved = overlap.suggestions.filter(
      (s) => s.action === 'reschedule' || s.action === 'shorten',
    );
    for (const s of moved) expect(s.to?.end ?? Infinity).toBeLessThanOrEqual(at('08:00'));
  });

  it('one at the destination may still start once the train is in', () => {
    const meeting = withGuest('hh', 'Meeting Hamburg', 'Hamburg', '09:30', '10:30');
    const overlap = overlapOf([train, meeting]);
    expect(overlap.suggestions.map((s) => s.action)).toContain('shorten');
    const move = overlap.suggestions.find((s) => s.action === 'reschedule');
    expect(move?.why).toContain(
      'move "Meeting Hamburg" out of the way of "Train Berlin Hbf → Hamburg Hbf (ICE 1001)"',
    );
  });
});

describe('a train shared with a colleague who travels along', () => {
  it('is still a trip: not moved nor given a video link', () => {
    const shared = makeConflictEvent({
      ...train,
      attendees: [
        { email: ANA, responseStatus: 'accepted' },
        { email: 'ben@northwind.io', name: 'Ben' },
      ],
    });
    const overlap = overlapOf([shared, coffee]);
    expect(overlap.suggestions.filter((s) => s.eventId === 'train')).toEqual([]);
    expect(overlap.suggestions.map((s) => `${s.eventId} ${s.action}`)).toEqual([
      'coffee join_virtually',
    ]);
  });
});
