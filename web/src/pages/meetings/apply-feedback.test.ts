import { describe, expect, it } from 'vitest';
import { applyFeedback, feedbackMessage } from './apply-feedback';
import { meeting } from './test-meeting';

describe('applyFeedback', () => {
  const one = meeting({ id: 'm1', seriesId: 's1' });
  const sibling = meeting({ id: 'm2', seriesId: 's1', confidence: 0.6 });
  const other = meeting({ id: 'm3', seriesId: null, confidence: 0.5 });

  it('confirms the meeting and the rest of its series at once', () => {
    const after = applyFeedback([one, sibling, other], one, { verdict: 'confirm' });
    expect(after.map((m) => [m.id, m.confidence, m.source])).toEqual([
      ['m1', 1, 'feedback'],
      ['m2', 1, 'feedback'],
      ['m3', 0.5, 'model'],
    ]);
  });

  it('changes the type', () => {
    const after = applyFeedback([other], other, { verdict: 'confirm', meetingType: 'closing' });
    expect(after[0]?.meetingType).toBe('closing');
  });

  it('removes a rejected meeting and its series from the list', () => {
    expect(applyFeedback([one, sibling, other], one, { verdict: 'reject' })).toEqual([other]);
    expect(applyFeedback([one, other], other, { verdict: 'reject' })).toEqual([one]);
  });
});

describe('feedbackMessage', () => {
  it('starts with Saved and tells how far the series took it', () => {
    expect(feedbackMessage('Acme demo', { verdict: 'confirm' }, 0)).toBe(
      'Saved: “Acme demo” is confirmed as a sales meeting.',
    );
    expect(feedbackMessage('Weekly', { verdict: 'reject' }, 3)).toBe(
      'Saved: “Weekly” is marked as not a sales meeting, and so are 3 other meetings of the series.',
    );
    expect(feedbackMessage('Sync', { verdict: 'confirm', meetingType: 'follow_up' }, 1)).toBe(
      'Saved: “Sync” is now marked Follow-up, and so is 1 other meeting of the series.',
    );
  });

  it('names every type so that it reads as English, "Other" and "Discovery" included', () => {
    expect(feedbackMessage('Lunch', { verdict: 'confirm', meetingType: 'other' }, 0)).toBe(
      'Saved: “Lunch” is now marked Other.',
    );
    expect(feedbackMessage('Intro', { verdict: 'confirm', meetingType: 'discovery' }, 0)).toBe(
      'Saved: “Intro” is now marked Discovery.',
    );
  });
});
