/**
 * Problems about a property's value quote the value as the file wrote it (after the first
 * unquoted ':', parameters left out, folded lines joined), never ical.js's re-serialised form,
 * which the user cannot find in the file: read whole or block by block.
 */
import { describe, expect, it } from 'vitest';
import { YEAR_2024 } from '../../../test/conformance/ics-builder.js';
import { parseCalendar, type IcsProblem, type IcsSeries } from '../ical/parse-calendar.js';
import { streamCalendar } from '../ical/stream-calendar.js';
import { expandSeries } from './expand-series.js';

const LONG_DAYS = Array.from({ length: 6 }, () => 'MO,TU,WE,TH,FR,SA,SU').join(',');
const LONG_RULE = `FREQ=WEEKLY;COUNT=3;BYDAY=${LONG_DAYS};BYSETPOS=0`;

/** Each case: the lines of the property as the file has them, and the value a message quotes. */
const CASES: Record<string, { lines: string[]; quoted: string }> = {
  until: { lines: ['RRULE:FREQ=WEEKLY;UNTIL=2024-02'], quoted: 'FREQ=WEEKLY;UNTIL=2024-02' },
  rdate: { lines: ['RDATE:2024013T100000'], quoted: '2024013T100000' },
  exdateZone: {
    lines: ['EXDATE;TZID=Nowhere/Zone:2024-07-08T09:00:00'],
    quoted: '2024-07-08T09:00:00',
  },
  exdateList: { lines: ['EXDATE:20240708T090000Z,2024070'], quoted: '20240708T090000Z,2024070' },
  foldedRdate: {
    lines: ['RDATE;VALUE=DATE-TIME:20240710T09', ' 0000Z,2024071'],
    quoted: '20240710T090000Z,2024071',
  },
  semicolonsAndCommas: {
    lines: ['RRULE:FREQ=DAILY;BYDAY=MO,TU;BYSETPOS=0,1'],
    quoted: 'FREQ=DAILY;BYDAY=MO,TU;BYSETPOS=0,1',
  },
  foldedLongRule: {
    lines: [`RRULE:${LONG_RULE.slice(0, 60)}`, ` ${LONG_RULE.slice(60)}`],
    quoted: `${LONG_RULE.slice(0, 80)}…`,
  },
  recurrenceId: { lines: ['RECURRENCE-ID:2024-07-15T09'], quoted: '2024-07-15T09' },
  dtend: { lines: ['DTEND;TZID="Odd:Zone":2024072T1100'], quoted: '2024072T1100' },
  duration: { lines: ['DURATION:p1x'], quoted: 'p1x' },
};

const event = (uid: string, lines: string[]): string[] => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTART:20240701T090000Z',
  ...lines,
  'END:VEVENT',
];

function calendarText(): string {
  const { recurrenceId, dtend, duration, ...master } = CASES;
  const masterLines = Object.values(master).flatMap((c) => c.lines);
  const rid = ['RECURRENCE-ID:20240722T090000Z'];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//test//EN',
    ...event('series', masterLines),
    ...event('series', recurrenceId!.lines),
    ...event('series', [...rid, ...duration!.lines]),
    ...event('ends', dtend!.lines),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const TEXT = calendarText();
const lineOf = (first: string) => TEXT.split('\r\n').indexOf(first) + 1;

function expanded(series: IcsSeries[]): IcsProblem[] {
  return series.flatMap((s) => expandSeries(s, YEAR_2024, { floatingZone: 'UTC' }).problems);
}

function wholeProblems(): IcsProblem[] {
  const parsed = parseCalendar(TEXT);
  return [...parsed.problems, ...expanded(parsed.series)];
}

function streamedProblems(): IcsProblem[] {
  const problems: IcsProblem[] = [];
  const series: IcsSeries[] = [];
  for (const item of streamCalendar(TEXT).items()) {
    if ('series' in item) series.push(item.series);
    else problems.push(item.problem);
  }
  return [...problems, ...expanded(series)];
}

describe.each([
  ['read whole', wholeProblems],
  ['read block by block', streamedProblems],
])('value problems (%s)', (_, problemsOf) => {
  const problems = problemsOf();

  it.each(Object.entries(CASES))('quote the %s value as the file wrote it', (_, c) => {
    const line = lineOf(c.lines[0]!);
    const at = problems.filter((p) => p.line === line).map((p) => p.message);
    // An EXDATE with an unknown TZID is also said to be read as floating, at the same line.
    expect(at).toContainEqual(expect.stringContaining(`"${c.quoted}"`));
  });

  it('quote nothing ical.js made up (its re-serialised UNTIL, dates and RECURRENCE-ID)', () => {
    const said = problems.map((p) => p.message).join('\n');
    for (const made of ['"202402"', '"2024013TT00000"', '2024-07-22T09:00:00Z', '"2024072TT100"'])
      expect(said).not.toContain(made);
  });
});
