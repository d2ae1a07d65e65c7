import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../../test/conformance/ics-builder.js';
import { isCalendarLocalUid, isMadeUpUid } from './made-up-uid.js';
import { parseCalendar, type IcsSeries, type ReadOptions } from './parse-calendar.js';
import { streamCalendar } from './stream-calendar.js';

const noUid = (summary: string, day: string, extra: string[] = []): string[] => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:202603${day}T100000Z`,
  `DTEND:202603${day}T110000Z`,
  `SUMMARY:${summary}`,
  'ORGANIZER:mailto:ana@northwind.io',
  ...extra,
  'END:VEVENT',
];

/** The UIDs the block-by-block reader gives, by title, in file order. */
function streamed(text: string, options: ReadOptions = {}): Record<string, string[]> {
  const ids: Record<string, string[]> = {};
  for (const item of streamCalendar(text, options).items()) {
    if (!('series' in item)) continue;
    const title = String(item.series.master?.getFirstPropertyValue('summary'));
    (ids[title] ??= []).push(item.series.uid);
  }
  return ids;
}

function streamedSeries(text: string, options: ReadOptions): IcsSeries[] {
  const series: IcsSeries[] = [];
  for (const item of streamCalendar(text, options).items())
    if ('series' in item) series.push(item.series);
  return series;
}

function whole(text: string, options: ReadOptions = {}): Record<string, string[]> {
  const ids: Record<string, string[]> = {};
  for (const series of parseCalendar(text, options).series) {
    const title = String(series.master?.getFirstPropertyValue('summary'));
    (ids[title] ??= []).push(series.uid);
  }
  return ids;
}

describe("events without a UID, read with their calendar's source", () => {
  const text = buildCalendar([
    noUid('Acme demo', '10'),
    noUid('Standup', '11'),
    noUid('Standup', '11', ['DESCRIPTION:the same again']),
  ]);
  const feed = { source: 'feed:https://example.test/a.ics' };

  it('are named alike on every reading of that source, by both readers', () => {
    const ids = streamed(text, feed);
    expect(ids['Acme demo']).toEqual([expect.stringMatching(/^missing-uid-src-[0-9a-f]{16}$/)]);
    expect(streamed(text, feed)).toEqual(ids);
    expect(whole(text, feed)).toEqual(ids);
    // Not a plain calendar (two VCALENDARs): read whole by parseCalendar inside streamCalendar.
    const split = buildCalendar([noUid('Acme demo', '10')]) + buildCalendar([]);
    expect(streamed(split, feed)['Acme demo']).toEqual(ids['Acme demo']);
  });

  it('two identical ones stay two, numbered in file order', () => {
    const [first, second] = streamed(text, feed)['Standup']!;
    expect(second).toBe(`${first}-2`);
  });

  it("are named apart from another source's and from a reading without a source", () => {
    const other = streamed(text, { source: 'file:calendar.ics' });
    const none = streamed(text);
    const mine = streamed(text, feed);
    for (const title of ['Acme demo', 'Standup']) {
      expect(other[title]).not.toEqual(mine[title]);
      expect(none[title]).not.toEqual(mine[title]);
    }
    expect(none['Acme demo']).toEqual([expect.stringMatching(/^missing-uid-[0-9a-f]{16}$/)]);
  });

  it('carry the name a reading without the source gives them (formerUid), by both readers', () => {
    const withoutSource = Object.values(streamed(text)).flat();
    expect(streamedSeries(text, feed).map((s) => s.formerUid)).toEqual(withoutSource);
    expect(parseCalendar(text, feed).series.map((s) => s.formerUid)).toEqual(withoutSource);
    expect(streamedSeries(text, {}).map((s) => s.formerUid)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('are known beyond their calendar; those read without a source are not', () => {
    const mine = streamed(text, feed);
    const none = streamed(text);
    for (const uid of Object.values(mine).flat()) expect(isCalendarLocalUid(uid)).toBe(false);
    for (const uid of Object.values(none).flat()) expect(isCalendarLocalUid(uid)).toBe(true);
    expect(isCalendarLocalUid('missing-uid-7')).toBe(true);
    expect(isCalendarLocalUid('missing-uid-7@example.test')).toBe(false);
  });

  it('are all told apart from real UIDs (isMadeUpUid)', () => {
    for (const uid of [...Object.values(streamed(text, feed)), ...Object.values(streamed(text))])
      for (const each of uid) expect(isMadeUpUid(each)).toBe(true);
    expect(isMadeUpUid('missing-uid-7')).toBe(true);
    expect(isMadeUpUid('missing-uid-src-7@example.test')).toBe(false);
  });
});
