import { describe, expect, it } from 'vitest';
import { MAX_SPAN_DAYS, spansOfChange, touchedDays } from './touched-spans.js';

const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => at(`${iso}T00:00:00Z`);

describe('touched days', () => {
  it('a reschedule touches the old and the new place; a deletion the old one; others the current', () => {
    const previous = {
      start: '2026-03-04T10:00:00Z',
      end: '2026-03-04T11:00:00Z',
      allDay: false,
      startDate: null,
      endDate: null,
    };
    const current = { ...previous, start: '2026-03-09T10:00:00Z', end: '2026-03-09T11:00:00Z' };
    expect(spansOfChange({ kind: 'rescheduled', previous, current }, undefined)).toEqual([
      { from: at(previous.start), to: at(previous.end) },
      { from: at(current.start), to: at(current.end) },
    ]);
    expect(
      spansOfChange(
        { kind: 'deleted', title: 'x', start: previous.start, end: previous.end },
        undefined,
      ),
    ).toEqual([{ from: at(previous.start), to: at(previous.end) }]);
    expect(spansOfChange({ kind: 'created' }, current)).toEqual([
      { from: at(current.start), to: at(current.end) },
    ]);
    expect(spansOfChange({ kind: 'cancelled' }, undefined)).toEqual([]);
  });

  it('widens to whole days with a day each side and merges what then touches', () => {
    const spans = [
      { from: at('2026-03-04T10:00:00Z'), to: at('2026-03-04T11:00:00Z') },
      { from: at('2026-03-06T23:00:00Z'), to: at('2026-03-07T01:00:00Z') },
      { from: at('2026-03-20T10:00:00Z'), to: at('2026-03-20T10:00:00Z') },
    ];
    expect(touchedDays(spans)).toEqual([
      { from: day('2026-03-03'), to: day('2026-03-09') },
      { from: day('2026-03-19'), to: day('2026-03-22') },
    ]);
  });

  it('cuts a long range into pieces a recomputation can load at once', () => {
    const pieces = touchedDays([{ from: day('2026-01-01'), to: day('2026-03-01') }]);
    expect(pieces[0]).toEqual({ from: day('2025-12-31'), to: day('2026-01-14') });
    expect(pieces.at(-1)?.to).toBe(day('2026-03-03'));
    for (const piece of pieces)
      expect(piece.to - piece.from).toBeLessThanOrEqual(MAX_SPAN_DAYS * 86_400_000);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.from).toBe(pieces[i - 1]!.to);
  });
});
