import { describe, expect, it } from 'vitest';
import { NOW, event, travel, own } from '../../../test/support/travel-conflicts.js';
import { conflictSettings } from './settings.js';
import { detectConflicts } from './detect.js';
import { availabilityFromEvents } from './availability.js';

describe('a ride to the airport or the station (a transfer)', () => {
  it('a ride to an airport it does not name is travel time: no unknown place around it', () => {
    const meeting = event('review', '09:00', '10:00', { location: 'Berlin HQ' });
    const ride = own('uber', '10:00', '10:45', 'Uber to airport', null);
    const flight = own('flight', '11:00', '13:00', 'Flight BER → LHR', 'BER');
    expect(travel([meeting, ride, flight])).toEqual([]);
  });

  it('the time to the airport is still checked across the ride, from the meeting before it', () => {
    const meeting = event('review', '09:00', '10:00', { location: 'Berlin HQ' });
    const ride = own('uber', '10:00', '10:15', 'Uber to the airport', null);
    const flight = own('flight', '10:20', '12:20', 'Flight BER → LHR', 'BER');
    const conflicts = travel([meeting, ride, flight]);
    expect(conflicts.map((c) => c.eventIds)).toEqual([['flight', 'review']]);
    expect(conflicts[0]?.travel?.to?.label).toMatch(/^BER/);
  });

  it('a ride to a named airport puts you there; nothing is checked before it', () => {
    const lunch = event('lunch', '12:00', '13:55', { location: 'Boston, MA' });
    const ride = own('taxi', '14:00', '15:00', 'Taxi to JFK', null);
    const visit = event('visit', '15:05', '16:00', { location: 'Acme, Manhattan, New York' });
    const conflicts = travel([lunch, ride, visit]);
    expect(conflicts.map((c) => c.eventIds)).toEqual([['taxi', 'visit']]);
    expect(conflicts[0]?.travel?.from?.label).toMatch(/^JFK/);
    expect(conflicts[0]?.reasons[0]).toMatch(/after "Taxi to JFK" arrives at JFK/);
  });
});

describe('a ride to a city is no trip', () => {
  it('"Shuttle demo to Boston" before an onsite in San Francisco puts nobody in Boston', () => {
    const settings = conflictSettings({
      internalDomains: ['northwind.io'],
      timeZoneOf: () => 'America/Los_Angeles',
    });
    // 09:00-09:30 and 10:00 Pacific time (UTC-7 in March after the change to summer time).
    const demo = own('demo', '16:00', '16:30', 'Shuttle demo to Boston', null);
    const onsite = event('onsite', '17:00', '18:00', {
      title: 'Acme onsite',
      location: 'Salesforce Tower, San Francisco, CA',
    });
    const events = [demo, onsite];
    const conflicts = detectConflicts(events, settings, availabilityFromEvents(events), NOW);
    expect(conflicts.filter((c) => c.kind === 'travel')).toEqual([]);
  });
});
