import { describe, expect, it } from 'vitest';
import { AccountHistoryTracker } from './account-history.js';

describe('AccountHistoryTracker', () => {
  it('counts the sales meetings before each one, and the days since the first', () => {
    const history = new AccountHistoryTracker();
    expect(history.before('acc-1', '2026-03-01T10:00:00Z')).toEqual({
      earlierMeetings: 0,
      daysSinceFirst: null,
    });
    history.record('acc-1', '2026-03-01T10:00:00Z');
    history.record('acc-1', '2026-03-08T10:00:00Z');
    expect(history.before('acc-1', '2026-03-11T10:00:00Z')).toEqual({
      earlierMeetings: 2,
      daysSinceFirst: 10,
    });
    expect(history.before('acc-2', '2026-03-11T10:00:00Z')?.earlierMeetings).toBe(0);
    expect(history.before(null, '2026-03-11T10:00:00Z')).toBeUndefined();
  });

  it('starts from a seed of meetings counted before', () => {
    const history = new AccountHistoryTracker(
      new Map([['acc-1', { count: 3, firstStart: '2026-01-01T00:00:00Z' }]]),
    );
    expect(history.before('acc-1', '2026-01-31T00:00:00Z')).toEqual({
      earlierMeetings: 3,
      daysSinceFirst: 30,
    });
  });
});
