import { describe, expect, it } from 'vitest';
import type { RelationshipDetail } from '../../api/relationships';
import { writeReason } from './reason-parts';
import { showsUtcDates, stageChangeRows } from './stage-changes';

type Change = RelationshipDetail['stageChanges'][number];

/** A change recorded before parts were kept: each reason's words as one part, as the API says. */
function inWordsOnly(change: Omit<Change, 'reasonParts'>): Change {
  return { ...change, reasonParts: change.reasons.map((text) => [{ text }]) };
}

const DORMANT: Change = {
  fromStage: 'new',
  toStage: 'dormant',
  reasons: ['no sales meeting for 125 days (last on 2026-02-25); dormant after 90'],
  reasonParts: [
    [
      { text: 'no sales meeting for ' },
      { daysSince: '2026-02-25T23:30:00.000Z' },
      { text: ' (last on ' },
      { date: '2026-02-25T23:30:00.000Z' },
      { text: '); dormant after 90' },
    ],
  ],
  changedAt: '2026-06-30T12:00:00.000Z',
};

describe('stageChangeRows', () => {
  it('words each change, and leaves out reasons the page already shows for that stage', () => {
    const rows = stageChangeRows(
      [
        inWordsOnly({
          fromStage: null,
          toStage: 'new',
          reasons: ['First meeting'],
          changedAt: '2026-01-05',
        }),
        inWordsOnly({
          fromStage: 'new',
          toStage: 'at_risk',
          reasons: ['No meeting for 60 days', 'Champion left'],
          changedAt: '2026-03-01',
        }),
      ],
      [
        { stage: 'new', reasons: ['First meeting'] },
        { stage: 'at_risk', reasons: ['No meeting for 60 days'] },
      ],
    );
    expect(rows.map(({ text, reasons, parts }) => ({ text, reasons, parts }))).toEqual([
      { text: 'First seen as New', reasons: [], parts: [] },
      {
        text: 'Changed from New to At risk',
        reasons: ['Champion left'],
        parts: [[{ text: 'Champion left' }]],
      },
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('keeps a reason shown only for another stage', () => {
    const [row] = stageChangeRows(
      [
        inWordsOnly({
          fromStage: 'new',
          toStage: 'developing',
          reasons: ['3 meetings'],
          changedAt: 'x',
        }),
      ],
      [{ stage: 'new', reasons: ['3 meetings'] }],
    );
    expect(row?.reasons).toEqual(['3 meetings']);
  });

  it('keeps each reason’s parts with it, so its date is written in the viewer’s zone', () => {
    const [row] = stageChangeRows([DORMANT], []);
    const clock = {
      now: Date.parse(DORMANT.changedAt),
      timeZone: 'Europe/Berlin',
      locale: 'en-GB',
    };
    // 23:30 UTC on the 25th is the 26th in Berlin; counted to the change, not to today.
    expect(row!.parts.map((parts) => writeReason(parts, clock))).toEqual([
      'no sales meeting for 124 days (last on Thu, 26 Feb 2026); dormant after 90',
    ]);
  });
});

describe('showsUtcDates', () => {
  it('is said only of a change whose reasons hold a UTC date in words', () => {
    expect(showsUtcDates(stageChangeRows([DORMANT], []))).toBe(false);
    const before = inWordsOnly({ ...DORMANT, changedAt: '2026-06-29T12:00:00.000Z' });
    expect(showsUtcDates(stageChangeRows([DORMANT, before], []))).toBe(true);
    const noDate = inWordsOnly({ ...DORMANT, reasons: ['3 meetings held'] });
    expect(showsUtcDates(stageChangeRows([noDate], []))).toBe(false);
  });
});
