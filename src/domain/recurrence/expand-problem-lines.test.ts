/**
 * Problems found while expanding a series (a rule, RDATE, EXDATE or RECURRENCE-ID that cannot be
 * read) name their line in the file, read whole or block by block.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent, YEAR_2024 } from '../../../test/conformance/ics-builder.js';
import { parseCalendar } from '../ical/parse-calendar.js';
import { streamCalendar } from '../ical/stream-calendar.js';
import type { IcsSeries } from '../ical/parse-calendar.js';
import { expandSeries } from './expand-series.js';

const TEXT = buildCalendar([
  buildEvent({ UID: 'single', DTSTART: '20240102T090000Z' }),
  buildEvent({
    UID: 'weekly',
    DTSTART: '20240701T090000Z',
    RRULE: ['FREQ=WEEKLY;COUNT=4', 'FREQ=DAILY;BYSETPOS=0'],
    EXDATE: ['20240708T090000Z', '2024070'],
    RDATE: 'not-a-date',
  }),
]);
const lineOf = (text: string) => TEXT.split('\r\n').indexOf(text) + 1;

function problemsOf(series: IcsSeries[]): Array<[number | null, string]> {
  return series
    .flatMap((s) => expandSeries(s, YEAR_2024, { floatingZone: 'UTC' }).problems)
    .map((p) => [p.line, p.message]);
}

const expected = (): Array<[number | null, string]> => [
  [lineOf('RRULE:FREQ=DAILY;BYSETPOS=0'), expect.stringMatching(/^line \d+: RRULE ".*" ignored: /)],
  [lineOf('RDATE:not-a-date'), expect.stringMatching(/^line \d+: RDATE ".*" ignored: /)],
  [lineOf('EXDATE:2024070'), expect.stringMatching(/^line \d+: EXDATE ".*" ignored: /)],
];

describe('expansion problems', () => {
  it('name the line of the property, the second of two RRULE or EXDATE lines too (whole text)', () => {
    const parsed = parseCalendar(TEXT);
    expect(parsed.problems).toEqual([]);
    expect(problemsOf(parsed.series)).toEqual(expected());
  });

  it('name the same lines when the calendar is read block by block', () => {
    const series: IcsSeries[] = [];
    for (const item of streamCalendar(TEXT).items()) if ('series' in item) series.push(item.series);
    expect(problemsOf(series)).toEqual(expected());
  });

  it('have no line, and quote no value, for a series that does not know where it was read from', () => {
    const [series] = parseCalendar(TEXT).series.filter((s) => s.uid === 'weekly');
    const { lineOf: _lines, ...bare } = series!;
    expect(problemsOf([bare])).toEqual([
      [null, 'RRULE ignored: BYSETPOS out of range: 0'],
      [null, 'RDATE ignored: not a date or date-time'],
      [null, 'EXDATE ignored: not a date or date-time'],
    ]);
  });
});
