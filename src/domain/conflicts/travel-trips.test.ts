import { describe, expect, it } from 'vitest';
import { at, event, travel, own as trip } from '../../../test/support/travel-conflicts.js';
import type { Conflict } from './types.js';

const text = (c: Conflict | undefined) =>
  [...(c?.reasons ?? []), ...(c?.suggestions ?? []).map((s) => s.why)].join('\n');

describe('travel conflicts around a trip (flight, train, drive)', () => {
  it('a flight puts you at its destination when it lands: from LHR into London, not from Berlin', () => {
    const flight = trip(
      'flight',
      '06:00',
      '08:00',
      'Flight BER → LHR',
      'Berlin Brandenburg Airport (BER)',
    );
    const visit = event('visit', '08:30', '10:00', {
      title: 'Customer visit: Acme Robotics',
      location: 'Acme Robotics, London',
    });
    const [conflict] = travel([flight, visit]);
    expect(conflict?.travel?.from?.label).toMatch(/^LHR/);
    expect(conflict?.travel?.to?.label).toBe('London, GB');
    expect(conflict?.travel?.mode).not.toBe('flying');
    expect(conflict?.travel?.minutesNeeded).toBeLessThan(90);
    expect(conflict?.reasons[0]).toMatch(/after "Flight BER → LHR" lands at LHR/);
    expect(text(conflict)).not.toMatch(/Berlin, DE|from Berlin/);
    // Nothing proposes to join the flight by video or to move it as if it were a meeting.
    expect(
      conflict?.suggestions.filter(
        (s) =>
          s.eventId === 'flight' && (s.action !== 'reschedule' || !/earlier flight/.test(s.why)),
      ),
    ).toEqual([]);
    expect(conflict?.suggestions.map((s) => [s.action, s.eventId])).toContainEqual([
      'reschedule',
      'visit',
    ]);
    expect(conflict?.suggestions.find((s) => s.action === 'join_virtually')?.why).toMatch(
      /join it from LHR/,
    );
  });

  it('a flight that leaves you enough time to get into town is no conflict', () => {
    const flight = trip('flight', '06:00', '08:00', '✈️ BER → LHR  BA 983', 'BER');
    const visit = event('visit', '09:30', '10:00', { location: 'Acme Robotics, London' });
    expect(travel([flight, visit])).toEqual([]);
  });

  it('a train arriving in Bremen: the workshop in Bremerhaven is a drive from Bremen, the train is never joined by video', () => {
    const train = trip(
      'train',
      '04:00',
      '07:35',
      '🚆 ICE 1013 Berlin Hbf → Bremen Hbf (Umstieg Bremerhaven)',
      'Berlin Hbf',
    );
    const workshop = event('workshop', '08:00', '12:00', {
      title: 'Küstenfisch | Workshop',
      location: 'Küstenfisch Bremerhaven GmbH, Am Fischereihafen 7, Bremerhaven',
    });
    const [conflict] = travel([train, workshop]);
    expect(conflict?.travel?.from?.label).toBe('Bremen, DE');
    expect(conflict?.travel?.mode).toBe('driving');
    for (const s of conflict?.suggestions ?? []) {
      if (s.eventId !== 'train') continue;
      expect(s.action).toBe('reschedule');
      expect(s.why).toMatch(/earlier train/);
      expect(s.to!.end).toBeLessThan(train.end);
    }
    expect(conflict?.suggestions.some((s) => s.eventId === 'workshop')).toBe(true);
    expect(conflict?.suggestions.map((s) => s.action)).not.toContain('decline');
  });

  it('a drive to a town the gazetteer does not know, then a meeting at an address there, is no conflict', () => {
    const drive = trip('drive', '06:00', '09:00', '🚗 Trajet Paris → Poligny', null);
    const demo = event('demo', '09:30', '11:00', {
      location: 'Fromageries Jura-Comté, Route de Lons, 39800 Poligny',
    });
    expect(travel([drive, demo])).toEqual([]);
  });

  it('a meeting before a flight: the trip to the airport it leaves from, and a later flight', () => {
    const meeting = event('meeting', '08:00', '09:00', { location: 'Acme GmbH, Berlin' });
    const flight = trip('flight', '09:30', '11:30', 'Flight BER → LHR (LH 2480)', 'BER');
    const [conflict] = travel([meeting, flight]);
    expect(conflict?.travel?.to?.label).toMatch(/^BER/);
    expect(conflict?.reasons[0]).toMatch(/"Flight BER → LHR \(LH 2480\)" leaves from BER/);
    expect(text(conflict)).not.toMatch(/London, GB|LHR \(London/);
    const onFlight = conflict?.suggestions.filter((s) => s.eventId === 'flight') ?? [];
    expect(onFlight.map((s) => s.action)).toEqual(['reschedule']);
    expect(onFlight[0]?.why).toMatch(/later flight/);
    expect(onFlight[0]?.to!.start).toBeGreaterThan(flight.start);
  });

  it('a trip whose destination cannot be read makes no travel conflict from where it left', () => {
    const flight = trip(
      'flight',
      '06:00',
      '08:00',
      'Flight LH 2480',
      'Berlin Brandenburg Airport (BER)',
    );
    const visit = event('visit', '10:00', '11:00', { location: 'Acme Robotics, London' });
    expect(travel([flight, visit])).toEqual([]);
    const soon = event('visit', '08:20', '09:00', { location: 'Acme Robotics, London' });
    for (const conflict of travel([flight, soon])) {
      expect(conflict.severity).toBe('low');
      expect(conflict.travel?.from).toBeNull();
      expect(text(conflict)).not.toMatch(/Berlin/);
    }
  });

  it('a drive and a train written without an arrow or with "to" are trips too; a meeting about a route is not', () => {
    const drive = trip('drive', '06:00', '09:00', '🚗 Trajet Paris → Lyon', null);
    const lyon = event('lyon', '09:10', '10:00', { location: 'Part-Dieu, Lyon' });
    const [conflict] = travel([drive, lyon]);
    expect(conflict?.travel?.from?.label).toBe('Lyon, FR');
    const handover = event('handover', '06:00', '09:00', {
      title: 'Handover Berlin → Munich team',
      location: 'Acme GmbH, Berlin',
    });
    const munich = event('munich', '09:30', '10:00', { location: 'Globex, Munich' });
    expect(travel([handover, munich])[0]?.travel?.from?.label).toBe('Berlin, DE');
    const flightTo = trip('flight', '06:00', '08:00', 'Flight to Munich', 'BER');
    const soon = event('munich', '08:20', '09:00', { location: 'Globex, Munich' });
    expect(travel([flightTo, soon])[0]?.travel?.from?.label).toBe('Munich, DE');
  });
});

describe('rebooking a trip around what is already in its way', () => {
  const flight = () => trip('flight', '07:40', '09:00', 'Flight BER → LHR', 'BER');
  const visit = () =>
    event('visit', '09:15', '10:00', {
      title: 'Customer visit: Acme Robotics',
      location: 'Acme Robotics, London',
    });
  const rebooked = (c: Conflict | undefined) =>
    c?.suggestions.find((s) => s.eventId === 'flight' && /earlier flight/.test(s.why));

  it('a focus block the flight already overlaps does not stop an earlier flight', () => {
    const focus = event('focus', '08:00', '09:00', { title: 'Focus time', attendees: [] });
    expect(rebooked(travel([flight(), focus, visit()])[0])).toBeDefined();
  });

  it('an own hold just before the flight does not stop an earlier flight either', () => {
    const hold = event('hold', '06:30', '07:30', { title: 'Hold', attendees: [] });
    expect(rebooked(travel([flight(), hold, visit()])[0])).toBeDefined();
  });

  it('a meeting with people just before the flight does', () => {
    const call = event('call', '06:30', '07:30', { title: 'Call with Acme' });
    expect(travel([flight(), call, visit()])[0]).toBeDefined();
    expect(rebooked(travel([flight(), call, visit()])[0])).toBeUndefined();
  });
});

describe('rebooking a trip', () => {
  it('offers no earlier train that swallows a meeting the current one barely touches', () => {
    const train = trip(
      'train',
      '08:00',
      '10:00',
      'Train Berlin Hbf → Hamburg Hbf (ICE 1001)',
      'Berlin Hbf',
    );
    const breakfast = event('breakfast', '07:00', '08:05', {
      title: 'Breakfast Berlin',
      location: 'Alexanderplatz, Berlin',
    });
    const workshop = event('workshop', '10:30', '12:00', {
      title: 'Workshop Lübeck',
      location: 'Lübeck',
    });
    const conflicts = travel([breakfast, train, workshop]);
    const rebooked = conflicts.flatMap((c) =>
      c.suggestions.filter((s) => s.eventId === 'train' && s.action === 'reschedule'),
    );
    expect(conflicts.length).toBeGreaterThan(0);
    for (const s of rebooked)
      expect(
        Math.min(s.to?.end ?? 0, at('08:05')) - Math.max(s.to?.start ?? 0, at('07:00')),
      ).toBeLessThanOrEqual(5 * 60_000);
  });

  it('still offers one that only keeps what the current trip already overlaps', () => {
    const train = trip(
      'train',
      '08:00',
      '10:00',
      'Train Berlin Hbf → Hamburg Hbf (ICE 1001)',
      'Berlin Hbf',
    );
    const focus = event('Focus time', '07:00', '08:05', { attendees: [] });
    const workshop = event('workshop', '10:30', '12:00', {
      title: 'Workshop Lübeck',
      location: 'Lübeck',
    });
    const conflicts = travel([focus, train, workshop]);
    expect(text(conflicts[0])).toMatch(/earlier train/);
  });
});
