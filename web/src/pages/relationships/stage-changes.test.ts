import { describe, expect, it } from 'vitest';
import { stageChangeRows } from './stage-changes';

describe('stageChangeRows', () => {
  it('words each change, and leaves out reasons the page already shows for that stage', () => {
    const rows = stageChangeRows(
      [
        { fromStage: null, toStage: 'new', reasons: ['First meeting'], changedAt: '2026-01-05' },
        {
          fromStage: 'new',
          toStage: 'at_risk',
          reasons: ['No meeting for 60 days', 'Champion left'],
          changedAt: '2026-03-01',
        },
      ],
      [
        { stage: 'new', reasons: ['First meeting'] },
        { stage: 'at_risk', reasons: ['No meeting for 60 days'] },
      ],
    );
    expect(rows.map(({ text, reasons }) => ({ text, reasons }))).toEqual([
      { text: 'First seen as New', reasons: [] },
      { text: 'Changed from New to At risk', reasons: ['Champion left'] },
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('keeps a reason shown only for another stage', () => {
    const [row] = stageChangeRows(
      [{ fromStage: 'new', toStage: 'developing', reasons: ['3 meetings'], changedAt: 'x' }],
      [{ stage: 'new', reasons: ['3 meetings'] }],
    );
    expect(row?.reasons).toEqual(['3 meetings']);
  });
});
