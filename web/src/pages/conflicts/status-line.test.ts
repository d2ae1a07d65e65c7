import { describe, expect, it } from 'vitest';
import { isDecidable, statusLine } from './status-line';

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

  it('says why a cleared conflict went away, its instants in the profile’s zone', () => {
    const clearance = {
      why: 'Globex product demo moved to Wed 2026-12-02 15:30 (UTC); Hooli pricing negotiation was deleted',
      whyParts: [
        { text: 'Globex product demo moved to ' },
        { at: '2026-12-02T15:30:00.000Z', zone: 'UTC' },
        { text: '; Hooli pricing negotiation was deleted' },
      ],
    };
    const line = statusLine(
      { status: 'cleared', resolvedAt: null, resolvedBy: 'calendar', clearance },
      'Europe/Berlin',
    );
    expect(line).toMatch(
      /^Cleared: the calendars no longer show it \(Globex product demo moved to .*(16:30|04:30 PM); Hooli pricing negotiation was deleted\)\.$/,
    );
  });
});

describe('isDecidable', () => {
  const interrupted = { state: 'interrupted', action: 'dismiss' };

  it('offers a decision cut short again while its events are ahead', () => {
    expect(isDecidable({ status: 'resolved', resolution: interrupted })).toBe(true);
    expect(isDecidable({ status: 'open', resolution: null })).toBe(true);
  });

  it('offers nothing once the conflict is past, even a decision cut short', () => {
    expect(isDecidable({ status: 'past', resolution: interrupted })).toBe(false);
    expect(isDecidable({ status: 'past', resolution: null })).toBe(false);
    expect(isDecidable({ status: 'resolved', resolution: { state: 'done' } })).toBe(false);
  });
});
