import { describe, expect, it } from 'vitest';
import { floatingZoneOf, icsZoneNamed } from './ics-zone.js';

describe('icsZoneNamed', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    [' Europe/Berlin ', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['UTC', 'UTC'],
    ['Nowhere/Atlantis', null],
    ['', null],
    [null, null],
  ])('reads %j as %j', (written, zone) => {
    expect(icsZoneNamed(written)).toBe(zone);
  });
});

describe('floatingZoneOf', () => {
  it("takes the calendar's own zone, then the stored one, then the fallback", () => {
    expect(floatingZoneOf({ defaultTimeZone: 'Asia/Tokyo' }, 'Europe/Paris', 'UTC').zone).toBe(
      'Asia/Tokyo',
    );
    expect(floatingZoneOf({ defaultTimeZone: null }, 'Europe/Paris', 'UTC').zone).toBe(
      'Europe/Paris',
    );
    expect(floatingZoneOf({ defaultTimeZone: null }, null, 'UTC')).toEqual({
      zone: 'UTC',
      issue: null,
    });
  });

  it('names an own zone it cannot read, and the zone used instead', () => {
    expect(floatingZoneOf({ defaultTimeZone: 'Mars/Olympus' }, null, 'UTC').issue?.message).toBe(
      'X-WR-TIMEZONE "Mars/Olympus" is not a known time zone: floating times and all-day ' +
        'dates are read in UTC',
    );
  });
});
