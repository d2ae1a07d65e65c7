import { describe, expect, it } from 'vitest';
import { meetingKey, meetingKeyOf } from './meeting-key.js';

describe('meetingKey', () => {
  it('gives the values stored in existing databases (a change here orphans every stored key)', () => {
    expect(meetingKey('abc@google.com', null)).toBe(3329782544596992);
    expect(meetingKey('abc@google.com', '2026-03-02T09:00:00.000Z')).toBe(3329782544777579);
    expect(meetingKey('', null)).toBe(2899043455860736);
    expect(meetingKey('ÉMILE-ü-😀', null)).toBe(2426004400242688);
  });

  it('is null without a UID and a safe integer with one', () => {
    expect(meetingKey(null, '2026-03-02T09:00:00.000Z')).toBeNull();
    for (let i = 0; i < 2000; i++) {
      const key = meetingKeyOf(`uid-${i}@example.test`, i % 2 ? null : `2026-01-${i}`);
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
    }
  });

  it('tells a series instance from the single event of its UID, and instances apart', () => {
    const keys = new Set([
      meetingKeyOf('weekly@x', null),
      meetingKeyOf('weekly@x', '2026-03-02T09:00:00.000Z'),
      meetingKeyOf('weekly@x', '2026-03-09T09:00:00.000Z'),
      meetingKeyOf('Weekly@x', null),
    ]);
    expect(keys.size).toBe(4);
  });

  it("keeps a series' instances together and in start order, as an import writes them", () => {
    const weekly = Array.from({ length: 104 }, (_, week) =>
      meetingKeyOf(
        'weekly@x',
        new Date(Date.UTC(2026, 0, 5, 9) + week * 7 * 86_400_000).toISOString(),
      ),
    );
    expect(weekly).toEqual([...weekly].sort((a, b) => a - b));
    expect(new Set(weekly).size).toBe(104);
    // All within the UID's own range, above its single event's key.
    const single = meetingKeyOf('weekly@x', null);
    for (const key of weekly) expect(key - single).toBeGreaterThan(0);
    for (const key of weekly) expect(key - single).toBeLessThan(2 ** 21);
    // All-day instances carry a date, and odd text still gets a key of its own.
    expect(meetingKeyOf('daily@x', '2026-03-02')).not.toBe(meetingKeyOf('daily@x', '2026-03-03'));
    expect(meetingKeyOf('daily@x', 'not a date')).not.toBe(meetingKeyOf('daily@x', null));
  });

  it('spreads 100,000 distinct meetings over keys that hardly ever meet', () => {
    // A 32-bit UID hash: about one shared pair is expected among 100,000 UIDs, and costs only
    // a candidate row that the columns then reject (meeting-copies.test.ts).
    const keys = new Set<number>();
    for (let i = 0; i < 100_000; i++) keys.add(meetingKeyOf(`${i}@google.com`, null));
    expect(keys.size).toBeGreaterThanOrEqual(99_990);
  });
});
