import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localSeconds } from './civil.js';
import { ianaClock } from './zone-clock.js';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Pacific/Chatham',
];

describe('zone clocks', () => {
  it('agree with luxon away from transitions, both ways', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        (zone, ms) => {
          const clock = ianaClock(zone);
          const wall = DateTime.fromMillis(ms, { zone });
          const local = localSeconds({ ...wall.toObject(), second: wall.second } as Parameters<
            typeof localSeconds
          >[0]);
          expect(clock.toLocal(ms)).toBe(local);
          const back = clock.toUtc(local);
          // In an overlap (fall back) the first of the two instants is taken (RFC 5545 §3.3.5).
          expect(back === Math.floor(ms / 1000) * 1000 || back < ms).toBe(true);
          expect(clock.toLocal(back)).toBe(local);
        },
      ),
    );
  });

  it('reads a repeated wall time (fall back) as its first occurrence', () => {
    const berlin = ianaClock('Europe/Berlin');
    const local = localSeconds({ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 });
    expect(new Date(berlin.toUtc(local)).toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('reads a skipped wall time (spring forward) with the offset before the gap', () => {
    const newYork = ianaClock('America/New_York');
    const local = localSeconds({ year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0 });
    expect(new Date(newYork.toUtc(local)).toISOString()).toBe('2024-03-10T07:30:00.000Z');
  });

  it('follows a change on the half hour through the hour it falls in (St John’s, Lord Howe)', () => {
    const changes = [
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
      ['America/St_Johns', '2026-11-01T04:30:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ] as const;
    for (const [zone, at] of changes) {
      const clock = ianaClock(zone);
      const hourStart = Date.parse(at) - 30 * 60_000;
      for (let ms = hourStart; ms < hourStart + 3_600_000; ms += 5 * 60_000) {
        const wall = DateTime.fromMillis(ms, { zone });
        expect(clock.toLocal(ms)).toBe(Math.floor(ms / 1000) + wall.offset * 60);
      }
    }
  });
});
