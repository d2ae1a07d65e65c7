import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  buildEvent,
  centralEuropeVtimezone,
} from '../../../test/conformance/ics-builder.js';
import { resolveTzid, type ZoneRef } from './time-zones.js';

/** A VEVENT inside a calendar that defines `Customized Time Zone`. */
function eventInCalendar(): ICAL.Component {
  const text = buildCalendar([
    centralEuropeVtimezone('Customized Time Zone'),
    buildEvent({ DTSTART: '20240101T090000Z' }),
  ]);
  return new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent')!;
}

const kind = (zone: ZoneRef): string => (zone.kind === 'iana' ? zone.name : zone.kind);

describe('resolveTzid', () => {
  const event = eventInCalendar();

  it.each([
    ['UTC', 'utc'],
    ['tzone://Microsoft/Utc', 'utc'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['US/Central', 'US/Central'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['"Pacific Standard Time"', 'America/Los_Angeles'],
    ['tzone://Microsoft/Eastern Standard Time', 'America/New_York'],
    ['/mozilla.org/20050126_1/Europe/Berlin', 'Europe/Berlin'],
    ['/softwarestudio.org/Olson_20011030_5/America/New_York', 'America/New_York'],
    ['(UTC+07:00) Bangkok, Hanoi, Jakarta', 'Asia/Bangkok'],
    ['(UTC-05:00) Eastern Time (US & Canada)', 'America/New_York'],
    ['(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna', 'Europe/Amsterdam'],
    ['Customized Time Zone', 'vtimezone'],
    ['(UTC+03:00) Somewhere Unknown', 'fixed'],
    ['Mars/Olympus_Mons', 'floating'],
  ])('reads %s as %s', (tzid, expected) => {
    expect(kind(resolveTzid(tzid, event))).toBe(expected);
  });

  it('keeps the unknown TZID so that it can be reported', () => {
    expect(resolveTzid('Nowhere', event)).toEqual({ kind: 'floating', unknownTzid: 'Nowhere' });
  });

  it('finds no VTIMEZONE for a component outside any calendar', () => {
    expect(kind(resolveTzid('Customized Time Zone', null))).toBe('floating');
  });
});
