import { describe, expect, it } from 'vitest';
import { nextRunAfterFailure, nextRunAfterSuccess } from './schedule.js';
import type { SyncTarget } from './sync-store.js';

const schedule = { intervalMinutes: 15, maxBackoffMinutes: 60 };
const now = new Date('2026-03-01T12:00:00.000Z');

function target(settings: Record<string, unknown>): SyncTarget {
  return {
    scope: { orgId: 'o', userId: 'u' },
    provider: 'ics',
    connection: { id: 'c', secrets: {}, settings },
    calendarId: 'cal',
    calendar: { providerCalendarId: 'default', name: 'x', timeZone: null, isPrimary: true },
    cursor: null,
    consecutiveFailures: 0,
  };
}

describe('sync schedule', () => {
  it('polls again after the interval, except a source that cannot change by itself', () => {
    expect(nextRunAfterSuccess(schedule, target({}), now)?.toISOString()).toBe(
      '2026-03-01T12:15:00.000Z',
    );
    expect(nextRunAfterSuccess(schedule, target({ polling: false }), now)).toBeNull();
  });

  it('polls a quiet calendar less often, and a changing or pushed one at the steady interval', () => {
    const quietSince = (hours: number, provider: SyncTarget['provider'] = 'caldav') => ({
      ...target({}),
      provider,
      lastChangeAt: new Date(now.getTime() - hours * 3_600_000),
    });
    const nothing = { added: 0, updated: 0, deleted: 0 };
    const minutesAfter = (next: Date | null) => ((next?.getTime() ?? 0) - now.getTime()) / 60_000;
    // Changed an hour ago: a sixth of it is 10 minutes, under the steady 15.
    expect(minutesAfter(nextRunAfterSuccess(schedule, quietSince(1), now, nothing))).toBe(15);
    // Quiet for 4 hours: 40 minutes; for a day: capped at four intervals.
    expect(minutesAfter(nextRunAfterSuccess(schedule, quietSince(4), now, nothing))).toBe(40);
    expect(minutesAfter(nextRunAfterSuccess(schedule, quietSince(24), now, nothing))).toBe(60);
    // This run changed something: back to the steady interval.
    const changed = { added: 1, updated: 0, deleted: 0 };
    expect(minutesAfter(nextRunAfterSuccess(schedule, quietSince(24), now, changed))).toBe(15);
    // Google pushes: polling is the backstop and stays steady.
    expect(
      minutesAfter(nextRunAfterSuccess(schedule, quietSince(24, 'google'), now, nothing)),
    ).toBe(15);
  });

  it('backs off exponentially from one minute, up to the cap', () => {
    const after = (previousFailures: number) =>
      nextRunAfterFailure(
        schedule,
        { kind: 'transient', retryAfterMs: null, previousFailures },
        now,
      )?.toISOString();
    expect(after(0)).toBe('2026-03-01T12:01:00.000Z');
    expect(after(3)).toBe('2026-03-01T12:08:00.000Z');
    expect(after(20)).toBe('2026-03-01T13:00:00.000Z');
  });

  it('never retries sooner than Retry-After asks', () => {
    const next = nextRunAfterFailure(
      schedule,
      { kind: 'rate_limit', retryAfterMs: 5 * 60_000, previousFailures: 0 },
      now,
    );
    expect(next?.toISOString()).toBe('2026-03-01T12:05:00.000Z');
  });

  it('waits for the user after a revoked credential or input it cannot read', () => {
    for (const kind of ['auth', 'invalid_input'] as const) {
      expect(
        nextRunAfterFailure(schedule, { kind, retryAfterMs: null, previousFailures: 0 }, now),
      ).toBeNull();
      expect(
        nextRunAfterFailure(
          schedule,
          { kind, retryAfterMs: null, previousFailures: 0, provider: 'ics' },
          now,
        ),
      ).toBeNull();
    }
  });

  it('tries a calendar gone from a working account (deleted, unshared), or a gone feed, once a day', () => {
    for (const provider of ['google', 'microsoft', 'exchange', 'caldav', 'ics', undefined]) {
      const next = nextRunAfterFailure(
        schedule,
        {
          kind: 'gone',
          retryAfterMs: null,
          previousFailures: 3,
          ...(provider ? { provider } : {}),
        },
        now,
      );
      expect(next?.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    }
  });
});
