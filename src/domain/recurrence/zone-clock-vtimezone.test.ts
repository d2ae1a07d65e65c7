/**
 * Clocks built from a VTIMEZONE (zones only the file defines, such as Outlook's "Customized Time
 * Zone") against the IANA zone with the same rules, both ways: UTC -> local every 15 minutes over
 * years and every minute within six hours of each transition, local -> UTC on the same samples and
 * every wall-clock minute within six hours of each transition (gaps and overlaps included).
 */
import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localSeconds } from './civil.js';
import { clockFor, ianaClock, type ZoneClock } from './zone-clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function vtimezoneClock(lines: string[]): ZoneClock {
  const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//test//EN', ...lines]
    .concat('END:VCALENDAR', '')
    .join('\r\n');
  const component = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vtimezone')!;
  const tzid = String(component.getFirstPropertyValue('tzid'));
  const zone = new ICAL.Timezone({ component, tzid });
  return clockFor({ kind: 'vtimezone', name: tzid, zone }, 'UTC');
}

function observance(
  kind: 'STANDARD' | 'DAYLIGHT',
  from: string,
  to: string,
  dtstart: string,
  more: string[] = [],
): string[] {
  return [
    `BEGIN:${kind}`,
    `TZOFFSETFROM:${from}`,
    `TZOFFSETTO:${to}`,
    `DTSTART:${dtstart}`,
    ...more,
    `END:${kind}`,
  ];
}

function vtimezone(tzid: string, ...observances: string[][]): string[] {
  return ['BEGIN:VTIMEZONE', `TZID:${tzid}`, ...observances.flat(), 'END:VTIMEZONE'];
}

/** Outlook's export of "Eastern Standard Time": observances from 1601, current rules only. */
const US_OUTLOOK = vtimezone(
  'Customized Time Zone',
  [
    'BEGIN:STANDARD',
    'DTSTART:16011104T020000',
    'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'END:STANDARD',
  ],
  [
    'BEGIN:DAYLIGHT',
    'DTSTART:16010311T020000',
    'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'END:DAYLIGHT',
  ],
);

/** New York as tzurl.org writes it since 1987: the 2007 rule change through UNTIL (UTC). */
const US_TZURL = vtimezone(
  'Eastern (tzurl)',
  observance('DAYLIGHT', '-0500', '-0400', '19870405T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z',
  ]),
  observance('DAYLIGHT', '-0500', '-0400', '20070311T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  ]),
  observance('STANDARD', '-0400', '-0500', '19671029T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z',
  ]),
  observance('STANDARD', '-0400', '-0500', '20071104T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  ]),
);

/** Central Europe as Google and tzurl.org write it (changes at 01:00 UTC). */
const BERLIN = vtimezone(
  'Central Europe (custom)',
  observance('DAYLIGHT', '+0100', '+0200', '19700329T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  ]),
  observance('STANDARD', '+0200', '+0100', '19701025T030000', [
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  ]),
);

const SYDNEY = vtimezone(
  'AUS Eastern (custom)',
  observance('STANDARD', '+1100', '+1000', '20080406T030000', [
    'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
  ]),
  observance('DAYLIGHT', '+1000', '+1100', '20081005T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
  ]),
);

/** Lord Howe: +10:30 in winter, +11 in summer (a 30-minute change). */
const LORD_HOWE = vtimezone(
  'Lord Howe (custom)',
  observance('STANDARD', '+1100', '+1030', '20080406T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
  ]),
  observance('DAYLIGHT', '+1030', '+1100', '20081005T020000', [
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
  ]),
);

/** Havana changes at local midnight (00:00 -> 01:00 in March, 01:00 -> 00:00 in November). */
const HAVANA = vtimezone(
  'Cuba (custom)',
  observance('DAYLIGHT', '-0500', '-0400', '20130310T000000', [
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  ]),
  observance('STANDARD', '-0400', '-0500', '20131103T010000', [
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  ]),
);

/**
 * Santiago as a list of RDATEs (tzurl.org's form for irregular rules): changes at midnight, no
 * change at all in 2015, September 11 instead of 4 in 2022; one RDATE line with several values.
 */
const SANTIAGO = vtimezone(
  'Pacific SA (custom)',
  observance('DAYLIGHT', '-0400', '-0300', '20140907T000000', [
    'RDATE:20160814T000000',
    'RDATE:20170813T000000',
    'RDATE:20180812T000000',
    'RDATE:20190908T000000,20200906T000000,20210905T000000',
    'RDATE:20220911T000000',
    'RDATE:20230903T000000',
    'RDATE:20240908T000000',
    'RDATE:20250907T000000',
    'RDATE:20260906T000000',
    'RDATE:20270905T000000',
    'RDATE:20280903T000000',
    'RDATE:20290902T000000',
    'RDATE:20300908T000000',
  ]),
  observance('STANDARD', '-0300', '-0400', '20160515T000000', [
    'RDATE:20170514T000000',
    'RDATE:20180513T000000',
    'RDATE:20190407T000000',
    'RDATE:20200405T000000',
    'RDATE:20210404T000000',
    'RDATE:20220403T000000',
    'RDATE:20230402T000000',
    'RDATE:20240407T000000',
    'RDATE:20250406T000000',
    'RDATE:20260405T000000',
    'RDATE:20270404T000000',
    'RDATE:20280402T000000',
    'RDATE:20290408T000000',
    'RDATE:20300407T000000',
  ]),
);

/** São Paulo by RDATEs: summer time from midnight until 2019, then none. */
const SAO_PAULO = vtimezone(
  'E. South America (custom)',
  observance('DAYLIGHT', '-0300', '-0200', '20121021T000000', [
    'RDATE:20131020T000000',
    'RDATE:20141019T000000',
    'RDATE:20151018T000000',
    'RDATE:20161016T000000',
    'RDATE:20171015T000000',
    'RDATE:20181104T000000',
  ]),
  observance('STANDARD', '-0200', '-0300', '20130217T000000', [
    'RDATE:20140216T000000',
    'RDATE:20150222T000000',
    'RDATE:20160221T000000',
    'RDATE:20170219T000000',
    'RDATE:20180218T000000',
    'RDATE:20190217T000000',
  ]),
);

interface Case {
  name: string;
  iana: string;
  lines: string[];
  from: string;
  to: string;
}

const CASES: Case[] = [
  { name: 'US (Outlook)', iana: 'America/New_York', lines: US_OUTLOOK, from: '2008', to: '2031' },
  {
    name: 'US (tzurl, UNTIL)',
    iana: 'America/New_York',
    lines: US_TZURL,
    from: '1988',
    to: '2031',
  },
  { name: 'Berlin', iana: 'Europe/Berlin', lines: BERLIN, from: '1997', to: '2031' },
  { name: 'Sydney', iana: 'Australia/Sydney', lines: SYDNEY, from: '2009', to: '2031' },
  { name: 'Lord Howe', iana: 'Australia/Lord_Howe', lines: LORD_HOWE, from: '2009', to: '2031' },
  { name: 'Havana (midnight)', iana: 'America/Havana', lines: HAVANA, from: '2014', to: '2031' },
  { name: 'Santiago (RDATE)', iana: 'America/Santiago', lines: SANTIAGO, from: '2015', to: '2031' },
  {
    name: 'São Paulo (RDATE)',
    iana: 'America/Sao_Paulo',
    lines: SAO_PAULO,
    from: '2012-11',
    to: '2031',
  },
];

/** The IANA zone's offsets (minutes) as a sorted table of transitions, found once through luxon. */
function referenceOffsets(
  iana: string,
  fromMs: number,
  toMs: number,
): {
  offsetAt: (ms: number) => number;
  transitions: number[];
} {
  const zone = IANAZone.create(iana);
  const start = fromMs - 3 * DAY;
  const at: number[] = [];
  const after: number[] = [];
  const initial = zone.offset(start);
  let previous = initial;
  // Daily steps (luxon takes tens of microseconds a call; these zones change at most twice a
  // year), then the minute of the change by bisection.
  for (let t = start; t <= toMs + 3 * DAY; t += DAY) {
    const offset = zone.offset(t);
    if (offset === previous) continue;
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (zone.offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    at.push(hi);
    after.push(offset);
    previous = offset;
  }
  const offsetAt = (ms: number): number => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? initial : after[lo - 1]!;
  };
  return { offsetAt, transitions: at.filter((t) => t >= fromMs && t < toMs) };
}

/**
 * The UTC instant RFC 5545 §3.3.5 gives a local time: the first of two in an overlap, and in a gap
 * the time read with the offset before the gap.
 */
function expectedUtc(localMs: number, offsetAt: (ms: number) => number): number {
  const before = offsetAt(localMs - 2 * DAY);
  let best: number | null = null;
  for (const offset of new Set([before, offsetAt(localMs), offsetAt(localMs + 2 * DAY)])) {
    const utc = localMs - offset * MINUTE;
    if (offsetAt(utc) === offset && (best === null || utc < best)) best = utc;
  }
  return best ?? localMs - before * MINUTE;
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** Every disagreement between `clock` and the reference, both ways. */
function disagreements(clock: ZoneClock, c: Case): string[] {
  const fromMs = Date.parse(c.from);
  const toMs = Date.parse(c.to);
  const { offsetAt, transitions } = referenceOffsets(c.iana, fromMs, toMs);
  const out: string[] = [];
  const checkUtc = (ms: number): void => {
    const local = clock.toLocal(ms);
    const want = ms / 1000 + offsetAt(ms) * 60;
    if (local !== want)
      out.push(`${iso(ms)}Z -> local ${iso(local * 1000)}, want ${iso(want * 1000)}`);
  };
  const checkLocal = (localMs: number): void => {
    const utc = clock.toUtc(localMs / 1000);
    const want = expectedUtc(localMs, offsetAt);
    if (utc !== want) out.push(`local ${iso(localMs)} -> ${iso(utc)}Z, want ${iso(want)}Z`);
  };
  for (let ms = fromMs; ms < toMs; ms += 15 * MINUTE) {
    checkUtc(ms);
    checkLocal(ms + offsetAt(ms) * MINUTE);
  }
  if (transitions.length < (toMs - fromMs) / (400 * DAY) && c.iana !== 'America/Sao_Paulo')
    out.push(`only ${transitions.length} transitions: the reference is wrong`);
  for (const t of transitions) {
    for (let ms = t - 6 * HOUR; ms <= t + 6 * HOUR; ms += MINUTE) checkUtc(ms);
    const first = t + Math.min(offsetAt(t - 1), offsetAt(t)) * MINUTE - 6 * HOUR;
    const last = t + Math.max(offsetAt(t - 1), offsetAt(t)) * MINUTE + 6 * HOUR;
    for (let localMs = first; localMs <= last; localMs += MINUTE) checkLocal(localMs);
  }
  return out;
}

describe('VTIMEZONE clocks agree with the IANA zone of the same rules', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.from} to ${c.to}, UTC -> local and local -> UTC`, () => {
      const problems = disagreements(vtimezoneClock(c.lines), c);
      expect({ count: problems.length, first: problems.slice(0, 8) }).toEqual({
        count: 0,
        first: [],
      });
    });
  }

  it('the IANA clocks pass the same comparison (a check of the comparison; 2024 to 2031)', () => {
    for (const c of CASES) {
      const recent = { ...c, from: '2024' };
      expect(disagreements(ianaClock(c.iana), recent).slice(0, 8)).toEqual([]);
    }
  });
});

describe('VTIMEZONE clocks at a transition', () => {
  const local = (y: number, mo: number, d: number, h: number, mi: number): number =>
    localSeconds({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 });
  const utcOf = (clock: ZoneClock, l: number): string => new Date(clock.toUtc(l)).toISOString();
  const offsetAt = (clock: ZoneClock, at: string): number =>
    (clock.toLocal(Date.parse(at)) - Date.parse(at) / 1000) / 60;

  it('keeps the offset before a change until the change (US, 2025-03-09 07:00Z)', () => {
    const clock = vtimezoneClock(US_OUTLOOK);
    expect(offsetAt(clock, '2025-03-09T02:00:00Z')).toBe(-300);
    expect(offsetAt(clock, '2025-03-09T06:00:00Z')).toBe(-300);
    expect(offsetAt(clock, '2025-03-09T06:59:00Z')).toBe(-300);
    expect(offsetAt(clock, '2025-03-09T07:00:00Z')).toBe(-240);
    expect(offsetAt(clock, '2025-11-02T05:59:00Z')).toBe(-240);
    expect(offsetAt(clock, '2025-11-02T06:00:00Z')).toBe(-300);
  });

  it('reads a skipped wall time with the offset before the gap, a repeated one as its first', () => {
    const us = vtimezoneClock(US_OUTLOOK);
    expect(utcOf(us, local(2025, 3, 9, 2, 30))).toBe('2025-03-09T07:30:00.000Z');
    expect(utcOf(us, local(2025, 11, 2, 1, 30))).toBe('2025-11-02T05:30:00.000Z');
    const berlin = vtimezoneClock(BERLIN);
    expect(utcOf(berlin, local(2025, 3, 30, 2, 30))).toBe('2025-03-30T01:30:00.000Z');
    expect(utcOf(berlin, local(2025, 10, 26, 2, 30))).toBe('2025-10-26T00:30:00.000Z');
    const lordHowe = vtimezoneClock(LORD_HOWE);
    expect(utcOf(lordHowe, local(2025, 10, 5, 2, 15))).toBe('2025-10-04T15:45:00.000Z');
    expect(utcOf(lordHowe, local(2025, 4, 6, 1, 45))).toBe('2025-04-05T14:45:00.000Z');
    const santiago = vtimezoneClock(SANTIAGO);
    // Midnight does not exist on 2025-09-07 and 23:30 happens twice on 2025-04-05.
    expect(utcOf(santiago, local(2025, 9, 7, 0, 30))).toBe('2025-09-07T04:30:00.000Z');
    expect(utcOf(santiago, local(2025, 4, 5, 23, 30))).toBe('2025-04-06T02:30:00.000Z');
  });

  it('before its first onset, a zone has the offset its first change starts from', () => {
    // Sydney's definition starts in April 2008, from +11: January 2005 (summer) was +11 too.
    const clock = vtimezoneClock(SYDNEY);
    expect(offsetAt(clock, '2005-01-15T00:00:00Z')).toBe(660);
    expect(utcOf(clock, local(2005, 1, 15, 11, 0))).toBe('2005-01-15T00:00:00.000Z');
  });

  it('reads a zone with one observance and no changes as its fixed offset', () => {
    const clock = vtimezoneClock(
      vtimezone('India (custom)', observance('STANDARD', '+0530', '+0530', '16010101T000000')),
    );
    expect(offsetAt(clock, '2025-06-01T12:00:00Z')).toBe(330);
    expect(utcOf(clock, local(2025, 6, 1, 17, 30))).toBe('2025-06-01T12:00:00.000Z');
  });
});
