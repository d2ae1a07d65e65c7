import { describe, expect, it } from 'vitest';
import {
  buildCalendar,
  buildEvent,
  centralEuropeVtimezone,
} from '../../../test/conformance/ics-builder.js';
import { parseCalendar, type IcsProblem, type IcsSeries } from './parse-calendar.js';
import { streamCalendar } from './stream-calendar.js';

/** A DTSTART line ical.js cannot read (a quote never closed): its event is left out. */
const BROKEN_START = 'DTSTART;X="unclosed:20240101T090000Z';

const single = (uid: string): string[] =>
  buildEvent({ UID: uid, DTSTART: '20240101T090000Z', SUMMARY: `single ${uid}` });
const master = (uid: string, extra: Record<string, string> = {}): string[] =>
  buildEvent({ UID: uid, DTSTART: '20240101T090000Z', RRULE: 'FREQ=WEEKLY;COUNT=5', ...extra });
const override = (uid: string): string[] =>
  buildEvent({ UID: uid, 'RECURRENCE-ID': '20240108T090000Z', DTSTART: '20240108T110000Z' });
const broken = (uid: string): string[] => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTART:20240101T090000Z',
  BROKEN_START,
  'END:VEVENT',
];
const manySingles = (n: number): string[][] => Array.from({ length: n }, (_, i) => single(`s${i}`));

function read(text: string): { series: IcsSeries[]; problems: IcsProblem[] } {
  const series: IcsSeries[] = [];
  const problems: IcsProblem[] = [];
  for (const item of streamCalendar(text).items()) {
    if ('series' in item) series.push(item.series);
    else problems.push(item.problem);
  }
  return { series, problems };
}

/** Series as comparable data: uid, the master's and overrides' jCal. */
function shape(series: IcsSeries[]): unknown[] {
  return series
    .map((s) => [s.uid, s.master?.jCal ?? null, s.overrides.map((o) => o.jCal)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const byLine = (a: IcsProblem, b: IcsProblem): number =>
  (a.line ?? 0) - (b.line ?? 0) || a.message.localeCompare(b.message);

function expectSameAsParseCalendar(text: string): void {
  const whole = parseCalendar(text);
  const streamed = read(text);
  expect(shape(streamed.series)).toEqual(shape(whole.series));
  expect([...streamed.problems].sort(byLine)).toEqual([...whole.problems].sort(byLine));
  const calendar = streamCalendar(text);
  expect([calendar.name, calendar.defaultTimeZone]).toEqual([whole.name, whole.defaultTimeZone]);
}

describe('streamCalendar gives what parseCalendar gives', () => {
  it.each([
    ['an override before its master', buildCalendar([override('a'), single('b'), master('a')])],
    [
      'an override chunks after its master',
      buildCalendar([master('a'), ...manySingles(600), override('a')]),
    ],
    [
      'a VTIMEZONE after the events that use it',
      buildCalendar([
        buildEvent({ UID: 'z', 'DTSTART;TZID=Custom': '20240101T090000' }),
        centralEuropeVtimezone('Custom'),
      ]),
    ],
    [
      'a broken block in the middle',
      buildCalendar([...manySingles(20), broken('bad'), ...manySingles(3)]),
    ],
    [
      'broken blocks at chunk edges',
      buildCalendar([
        broken('b0'),
        ...manySingles(254),
        broken('b255'),
        broken('b256'),
        single('x'),
      ]),
    ],
    [
      'LF line ends and folded lines',
      buildCalendar([master('a', { DESCRIPTION: 'a long text' }), override('a')])
        .replace(/\r\n/g, '\n')
        .replace('DESCRIPTION:a long', 'DESCRIPTION:a\n  long'),
    ],
    [
      'two masters of one UID, a missing UID, an unknown zone, a bad DTSTART',
      buildCalendar([
        master('dup', { SEQUENCE: '2' }),
        ['BEGIN:VEVENT', 'DTSTART:20240101T090000Z', 'END:VEVENT'],
        master('dup', { SEQUENCE: '1' }),
        buildEvent({ UID: 'tz', 'DTSTART;TZID=Mars/Olympus_Mons': '20240101T090000' }),
        buildEvent({ UID: 'bad-date', DTSTART: '20241399T090000' }),
      ]),
    ],
    [
      'a quoted TZID Outlook wrote',
      buildCalendar([
        [
          'BEGIN:VEVENT',
          'UID:q',
          'DTSTART;TZID="W. Europe Standard Time:20200609T090000"',
          'END:VEVENT',
        ],
      ]),
    ],
    [
      'a broken calendar property',
      buildCalendar([single('a')], ['X-WR-CALNAME;X="a:b', 'X-WR-TIMEZONE:Europe/Berlin']),
    ],
    [
      'a VEVENT without END (read whole)',
      buildCalendar([['BEGIN:VEVENT', 'UID:open'], single('after')]),
    ],
    ['text that is not iCalendar', 'hello, world'],
  ])('%s', (_, text) => expectSameAsParseCalendar(text));
});

describe('streamCalendar order', () => {
  it('hands out single events at once and a master when its last override is read', () => {
    const text = buildCalendar([master('a'), single('b'), single('c'), override('a'), single('d')]);
    expect(read(text).series.map((s) => [s.uid, s.overrides.length])).toEqual([
      ['b', 0],
      ['c', 0],
      ['a', 1],
      ['d', 0],
    ]);
  });

  it('names the line of a broken block as it is found, between the series around it', () => {
    const text = buildCalendar([single('a'), broken('bad'), single('b')]);
    const line = text.split('\r\n').indexOf(BROKEN_START) + 1;
    const items = [...streamCalendar(text).items()].map((item) =>
      'series' in item ? item.series.uid : item.problem.line,
    );
    expect(items).toEqual(['a', line, 'b']);
  });
});

describe('components nested too deep', () => {
  /** A VEVENT holding `depth` VALARMs, each inside the one before. */
  const nested = (uid: string, depth: number): string[] => [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTART:20261211T090000Z',
    ...Array<string>(depth).fill('BEGIN:VALARM'),
    ...Array<string>(depth).fill('END:VALARM'),
    'END:VEVENT',
  ];

  it('refuse their VEVENT at its BEGIN line and keep the events beside it', () => {
    const text = buildCalendar([single('ok'), nested('deep', 5000), single('after')]);
    const line = text.split('\r\n').indexOf('UID:deep');
    const { series, problems } = read(text);
    expect(series.map((s) => s.uid)).toEqual(['ok', 'after']);
    expect(problems).toEqual([
      {
        line,
        uid: 'deep',
        message: `line ${line}: VEVENT nests components more than 16 levels deep; event skipped`,
        effect: { outcome: 'left_out', event: `line ${line}` },
      },
    ]);
    // What the import did with every event it was handed, and where it overflowed the stack.
    expect(() => series.map((s) => JSON.stringify(s.master?.jCal))).not.toThrow();
    expectSameAsParseCalendar(text);
  });

  it('are kept up to the limit', () => {
    expect(read(buildCalendar([nested('sixteen', 16)])).series.map((s) => s.uid)).toEqual([
      'sixteen',
    ]);
  });
});

describe('unreadable', () => {
  it('is null as soon as one event can be used', () => {
    expect(streamCalendar(buildCalendar([broken('x'), single('ok')])).unreadable()).toBeNull();
  });

  it('lists every problem, reading problems by line first, when no event can be used', () => {
    const text = buildCalendar([buildEvent({ UID: 'no-start', SUMMARY: 'x' }), broken('b')]);
    const problems = streamCalendar(text).unreadable()!;
    expect(problems.map((p) => p.uid)).toEqual(['b', 'no-start']);
    expect(problems).toEqual(parseCalendar(text).problems);
  });

  it('is an empty list for a calendar without events', () => {
    expect(streamCalendar(buildCalendar([])).unreadable()).toEqual([]);
  });
});

describe('cutOff', () => {
  const whole = buildCalendar([single('a'), master('s'), single('b')]);

  it('is null for a complete calendar, read block by block or whole', () => {
    expect(streamCalendar(whole).cutOff).toBeNull();
    expect(streamCalendar(buildCalendar([])).cutOff).toBeNull();
    const unplain = buildCalendar([['BEGIN:VEVENT', 'UID:open'], single('after')]);
    expect(streamCalendar(unplain).cutOff).toBeNull();
  });

  it.each([
    ['between two events', whole.slice(0, whole.indexOf('BEGIN:VEVENT\r\nUID:s')), 'VCALENDAR'],
    ['inside a VEVENT', whole.slice(0, whole.indexOf('UID:s') + 5), 'VEVENT'],
    ['after the calendar header', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n', 'VCALENDAR'],
  ])('names where a text cut %s ends', (_, text, name) => {
    expect(streamCalendar(text).cutOff).toMatchObject({ outer: 'VCALENDAR', name });
  });
});

describe('events without a UID', () => {
  const noUid = (summary: string, day: string, extra: string[] = []): string[] => [
    'BEGIN:VEVENT',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:202603${day}T100000Z`,
    `DTEND:202603${day}T110000Z`,
    `SUMMARY:${summary}`,
    ...extra,
    'END:VEVENT',
  ];
  const idsByTitle = (text: string): Record<string, string[]> => {
    const ids: Record<string, string[]> = {};
    for (const series of read(text).series) {
      const title = String(series.master?.getFirstPropertyValue('summary'));
      (ids[title] ??= []).push(series.uid);
    }
    return ids;
  };

  it('are named by what identifies them, not by their place in the file', () => {
    const before = idsByTitle(
      buildCalendar([noUid('Acme demo', '10'), noUid('Globex call', '12')]),
    );
    const after = idsByTitle(
      buildCalendar([
        noUid('Initech intro', '11'),
        single('with-uid'),
        noUid('Acme demo', '10'),
        noUid('Globex call', '12', ['LOCATION:Room 4', 'DESCRIPTION:moved rooms']),
      ]),
    );
    expect(after['Acme demo']).toEqual(before['Acme demo']);
    expect(after['Globex call']).toEqual(before['Globex call']);
    expect(new Set(Object.values(after).flat()).size).toBe(4);
    expect(before['Acme demo']![0]).toMatch(/^missing-uid-[0-9a-f]{16}$/);
  });

  it('tell apart a different start, summary or organizer', () => {
    const organizer = (who: string) => [`ORGANIZER:mailto:${who}@acme.test`];
    const ids = read(
      buildCalendar([
        noUid('Demo', '10', organizer('ana')),
        noUid('Demo', '11', organizer('ana')),
        noUid('Demo!', '10', organizer('ana')),
        noUid('Demo', '10', organizer('bob')),
      ]),
    ).series.map((s) => s.uid);
    expect(new Set(ids).size).toBe(4);
  });

  it('count identical ones in file order, and report each under its name', () => {
    const text = buildCalendar([
      noUid('Standup', '10'),
      noUid('Standup', '10', ['DESCRIPTION:the second']),
    ]);
    const { series, problems } = read(text);
    const [first, second] = series.map((s) => s.uid);
    expect(second).toBe(`${first}-2`);
    expect(problems.map((p) => p.message)).toEqual([
      `line 4: VEVENT has no UID; named ${first}`,
      `line 10: VEVENT has no UID; named ${second}`,
    ]);
    expectSameAsParseCalendar(text);
  });

  it('are named alike when the file is read whole (parseCalendar)', () => {
    // Two VCALENDARs: not a plain calendar, so streamCalendar hands it to parseCalendar.
    const plain = idsByTitle(buildCalendar([noUid('Acme demo', '10'), noUid('Globex call', '12')]));
    const twoCalendars = idsByTitle(
      buildCalendar([noUid('Globex call', '12')]) + buildCalendar([noUid('Acme demo', '10')]),
    );
    expect(twoCalendars).toEqual(plain);
  });
});
