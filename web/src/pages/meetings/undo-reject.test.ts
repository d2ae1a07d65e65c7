import { describe, expect, it } from 'vitest';
import type { MeetingPage } from '../../api/meetings';
import { meeting } from './test-meeting';
import { cardAfterRejection, putBack, restoredMessage, restoringFeedback } from './undo-reject';

describe('restoringFeedback', () => {
  it("withdraws the rejection of a meeting only the model had found: the model's word stands", () => {
    expect(
      restoringFeedback(meeting({ source: 'model', meetingType: 'demo', typeConfidence: 0.7 })),
    ).toEqual({ verdict: 'withdraw' });
  });

  it('sends again a type the team had corrected, which the rejection replaced', () => {
    expect(
      restoringFeedback(meeting({ source: 'feedback', meetingType: 'closing', typeConfidence: 1 })),
    ).toEqual({ verdict: 'confirm', meetingType: 'closing' });
  });

  it('confirms a meeting the team had confirmed without a type', () => {
    expect(
      restoringFeedback(meeting({ source: 'feedback', meetingType: 'demo', typeConfidence: 0.6 })),
    ).toEqual({ verdict: 'confirm' });
  });
});

describe('putBack', () => {
  const at = (id: string, start: string) => meeting({ id, start, end: start });
  const a = at('a', '2026-12-01T09:00:00Z');
  const b = at('b', '2026-12-01T10:00:00Z');
  const c = at('c', '2026-12-01T11:00:00Z');
  const d = at('d', '2026-12-02T09:00:00Z');
  const page = (items: MeetingPage['items'], nextCursor: string | null = null): MeetingPage => ({
    items,
    nextCursor,
  });
  const ids = (pages: MeetingPage[]) => pages.map((p) => p.items.map((m) => m.id));

  it('puts a meeting back in its place, on the page that holds its neighbours', () => {
    expect(ids(putBack([page([a, c], 'x'), page([d])], [b]))).toEqual([['a', 'b', 'c'], ['d']]);
    expect(ids(putBack([page([a], 'x'), page([c, d])], [b]))).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('orders meetings that start together by id, as the API does', () => {
    const b2 = at('b2', b.start);
    expect(ids(putBack([page([a, b, c])], [b2]))).toEqual([['a', 'b', 'b2', 'c']]);
  });

  it('puts a last meeting at the end only when no page follows', () => {
    expect(ids(putBack([page([a, b])], [c]))).toEqual([['a', 'b', 'c']]);
    expect(ids(putBack([page([a, b], 'x')], [c]))).toEqual([['a', 'b']]);
  });

  it('does not list a meeting twice', () => {
    expect(ids(putBack([page([a, b])], [b, b]))).toEqual([['a', 'b']]);
  });
});

describe('restoredMessage', () => {
  it('says the meeting, and its series, are listed again', () => {
    expect(restoredMessage('Acme sync', 0)).toBe(
      'Undone: “Acme sync” is listed again as a sales meeting.',
    );
    expect(restoredMessage('Acme sync', 2)).toBe(
      'Undone: “Acme sync” is listed again as a sales meeting, with 2 other meetings of the series.',
    );
  });
});

describe('cardAfterRejection', () => {
  const a = meeting({ id: 'a' });
  const s1 = meeting({ id: 's1', seriesId: 'S' });
  const b = meeting({ id: 'b' });
  const s2 = meeting({ id: 's2', seriesId: 'S' });

  it('is the next card listed that stays, skipping the rest of the series', () => {
    expect(cardAfterRejection([a, s1, s2, b], s1)).toBe('b');
    expect(cardAfterRejection([a, b], a)).toBe('b');
  });

  it('is the last card before it when none comes after, else none', () => {
    expect(cardAfterRejection([a, s1, b, s2], s2)).toBe('b');
    expect(cardAfterRejection([a, s1, s2], s2)).toBe('a');
    expect(cardAfterRejection([s1, s2], s1)).toBeNull();
    expect(cardAfterRejection([a], b)).toBeNull();
  });
});
