import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { parseSpans } from './block-parser.js';
import { scanBlocks } from './ics-blocks.js';

/** A DTSTART line ical.js cannot read (a quote never closed): its event is left out. */
const BROKEN_START = 'DTSTART;X="unclosed:20240101T090000Z';

const good = (uid: string): string[] => buildEvent({ UID: uid, DTSTART: '20240101T090000Z' });
const bad = (uid: string): string[] => ['BEGIN:VEVENT', `UID:${uid}`, BROKEN_START, 'END:VEVENT'];

function outcomes(text: string, chunkBlocks: number): (string | number)[] {
  const scan = scanBlocks(text)!;
  return [...parseSpans(text, scan.blocks, chunkBlocks)].map((o) =>
    'jcal' in o ? String((o.jcal[1] as unknown[][])[0]![3]) : o.problem.line,
  );
}

describe('parseSpans', () => {
  it('gives every block in file order, a bad one as its line, whatever the chunk size', () => {
    const text = buildCalendar([good('a'), bad('b'), good('c'), good('d'), bad('e')]);
    const lines = text.split('\r\n');
    const badLines = lines.flatMap((l, i) => (l === BROKEN_START ? [i + 1] : []));
    const expected = ['a', badLines[0]!, 'c', 'd', badLines[1]!];
    for (const size of [1, 2, 3, 256]) expect(outcomes(text, size)).toEqual(expected);
  });

  it('reads a block ical.js refuses as recovery does: an Outlook quoted TZID is repaired', () => {
    const text = buildCalendar([
      [
        'BEGIN:VEVENT',
        'UID:q',
        'DTSTART;TZID="W. Europe Standard Time:20200609T090000"',
        'END:VEVENT',
      ],
      good('after'),
    ]);
    const scan = scanBlocks(text)!;
    const [first] = [...parseSpans(text, scan.blocks)];
    expect(first && 'jcal' in first ? first.jcal[1] : null).toContainEqual([
      'dtstart',
      { tzid: 'W. Europe Standard Time' },
      'date-time',
      '2020-06-09T09:00:00',
    ]);
  });

  it('keeps folded lines and LF line ends as ical.js reads them', () => {
    const text = buildCalendar([
      ['BEGIN:VEVENT', 'UID:fol', ' ded', 'DTSTART:20240101T090000Z', 'END:VEVENT'],
    ]).replace(/\r\n/g, '\n');
    expect(outcomes(text, 256)).toEqual(['folded']);
  });
});
