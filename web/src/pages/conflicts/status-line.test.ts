import { describe, expect, it } from 'vitest';
import { statusLine } from './status-line';

describe('statusLine', () => {
  it('says a past conflict has nothing left to decide', () => {
    expect(statusLine({ status: 'past', resolvedAt: null, resolvedBy: null }, 'UTC')).toBe(
      'Past: its events have all ended, so there is nothing left to decide.',
    );
  });

  it('says who decided a conflict, and when', () => {
    const at = '2026-03-02T09:00:00Z';
    expect(statusLine({ status: 'resolved', resolvedAt: at, resolvedBy: 'policy' }, 'UTC')).toMatch(
      /^Resolved on .+ by your organisation’s policy\.$/,
    );
    expect(statusLine({ status: 'cleared', resolvedAt: null, resolvedBy: 'calendar' }, 'UTC')).toBe(
      'Cleared: the calendars no longer show it.',
    );
  });
});
