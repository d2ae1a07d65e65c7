import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { BlockSpan } from './ics-blocks.js';
import { SeriesAssembler, seriesKey } from './series-assembler.js';

const span = (uid: string | null, start: number): BlockSpan => ({
  name: 'VEVENT',
  line: start,
  start,
  end: start + 1,
  uid,
});

function vevent(uid: string, properties: unknown[][] = []): ICAL.Component {
  return new ICAL.Component(['vevent', [['uid', {}, 'text', uid], ...properties], []]);
}

const recurrenceId = ['recurrence-id', {}, 'date-time', '2024-01-08T09:00:00Z'];
const sequence = (n: number): unknown[] => ['sequence', {}, 'integer', n];
const noReport = (): void => {};

describe('SeriesAssembler', () => {
  it('hands a series out with the last block of its UID, not before', () => {
    const blocks = [span('a', 1), span('b', 2), span('a', 3)];
    const assembler = new SeriesAssembler(blocks);
    assembler.add('a', 'a', vevent('a'), 1, noReport);
    expect(assembler.blockDone('a')).toEqual([]);
    assembler.add('b', 'b', vevent('b'), 2, noReport);
    expect(assembler.blockDone('b').map((s) => s.uid)).toEqual(['b']);
    assembler.add('a', 'a', vevent('a', [recurrenceId]), 3, noReport);
    const [series] = assembler.blockDone('a');
    expect([series!.uid, series!.master !== null, series!.overrides.length]).toEqual([
      'a',
      true,
      1,
    ]);
    expect(assembler.flush()).toEqual([]);
  });

  it('counts a block that could not be used, so its series still completes', () => {
    const assembler = new SeriesAssembler([span('a', 1), span('a', 2)]);
    assembler.add('a', 'a', vevent('a'), 1, noReport);
    expect(assembler.blockDone('a')).toEqual([]);
    expect(assembler.blockDone('a').map((s) => s.uid)).toEqual(['a']);
  });

  it('hands a VEVENT without UID out at once, under a key of its own', () => {
    const blocks = [span(null, 1), span(null, 2)];
    const assembler = new SeriesAssembler(blocks);
    expect(seriesKey(blocks[0]!)).not.toBe(seriesKey(blocks[1]!));
    assembler.add(seriesKey(blocks[0]!), 'missing-uid-1', vevent('x'), 1, noReport);
    expect(assembler.blockDone(seriesKey(blocks[0]!)).map((s) => s.uid)).toEqual(['missing-uid-1']);
  });

  it('keeps the master with the higher SEQUENCE and says where the first one was', () => {
    const assembler = new SeriesAssembler([span('d', 4), span('d', 9)]);
    const said: [number, string][] = [];
    assembler.add('d', 'd', vevent('d', [sequence(2)]), 4, noReport);
    assembler.blockDone('d');
    assembler.add('d', 'd', vevent('d', [sequence(1)]), 9, (line, _, message) =>
      said.push([line, message]),
    );
    const [series] = assembler.blockDone('d');
    expect(series!.master!.getFirstPropertyValue('sequence')).toBe(2);
    expect(said).toEqual([
      [9, 'another VEVENT with UID d and no RECURRENCE-ID (first at line 4); kept the earlier one'],
    ]);
  });

  it('flushes what is still open when the counts were wrong', () => {
    const assembler = new SeriesAssembler([span('a', 1), span('a', 2)]);
    assembler.add('a', 'a', vevent('a'), 1, noReport);
    assembler.blockDone('a');
    expect(assembler.flush().map((s) => s.uid)).toEqual(['a']);
  });
});
