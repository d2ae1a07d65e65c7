/**
 * A VEVENT whose end is before its start (DTEND before DTSTART, a negative DURATION) is kept,
 * read the other way round, and reported at its line: before, it was swapped silently.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent, YEAR_2024 } from '../../../test/conformance/ics-builder.js';
import { streamCalendar } from '../ical/stream-calendar.js';
import type { IcsSeries } from '../ical/parse-calendar.js';
import { expandSeries } from './expand-series.js';

const TEXT = buildCalendar([
  buildEvent({ UID: 'ends-first', DTSTART: '20240102T100000Z', DTEND: '20240102T090000Z' }),
  buildEvent({ UID: 'negative', DTSTART: '20240103T100000Z', DURATION: '-PT30M' }),
  buildEvent({
    UID: 'weekly',
    DTSTART: '20240701T090000Z',
    DTEND: '20240701T100000Z',
    RRULE: 'FREQ=WEEKLY;COUNT=3',
  }),
  buildEvent({
    UID: 'weekly',
    'RECURRENCE-ID': '20240708T090000Z',
    DTSTART: '20240708T120000Z',
    DTEND: '20240708T110000Z',
  }),
  buildEvent({ UID: 'fine', DTSTART: '20240104T100000Z', DTEND: '20240104T110000Z' }),
]);
const lineOf = (text: string) => TEXT.split('\r\n').indexOf(text) + 1;

function expanded(uid: string) {
  const series: IcsSeries[] = [];
  for (const item of streamCalendar(TEXT).items()) if ('series' in item) series.push(item.series);
  const one = series.find((s) => s.uid === uid);
  if (!one) throw new Error(`no series ${uid}`);
  return expandSeries(one, YEAR_2024, { floatingZone: 'UTC' });
}

describe('an event that ends before it starts', () => {
  it('is kept the other way round and reported at its DTEND line, quoting the value', () => {
    const { instances, problems } = expanded('ends-first');
    expect(instances.map((i) => [i.start, i.end])).toEqual([
      ['2024-01-02T09:00:00.000Z', '2024-01-02T10:00:00.000Z'],
    ]);
    expect(problems).toEqual([
      {
        uid: 'ends-first',
        line: lineOf('DTEND:20240102T090000Z'),
        message: `line ${lineOf('DTEND:20240102T090000Z')}: DTEND "20240102T090000Z" is before DTSTART; the event is read as running from DTEND to DTSTART`,
        effect: { outcome: 'kept', event: `line ${lineOf('UID:ends-first') - 1}` },
      },
    ]);
  });

  it('reports a negative DURATION the same way', () => {
    const { instances, problems } = expanded('negative');
    expect(instances.map((i) => [i.start, i.end])).toEqual([
      ['2024-01-03T09:30:00.000Z', '2024-01-03T10:00:00.000Z'],
    ]);
    expect(problems.map((p) => p.line)).toEqual([lineOf('DURATION:-PT30M')]);
    expect(problems[0]?.message).toMatch(/DURATION "-PT30M" is negative/);
  });

  it("reports an override's own swapped times, and nothing for a sound series", () => {
    const { instances, problems } = expanded('weekly');
    expect(instances).toHaveLength(3);
    expect(problems.map((p) => p.line)).toEqual([lineOf('DTEND:20240708T110000Z')]);
    expect(expanded('fine').problems).toEqual([]);
  });
});
