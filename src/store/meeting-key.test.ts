import { describe, expect, it } from 'vitest';
import { meetingKey, meetingKeyOf } from './meeting-key.js';

describe('meetingKey', () => {
  it('gives the values stored in existing databases (a change here orphans every stored key)', () => {
    expect(meetingKey('abc@google.com', null)).toBe(7202485938343377);
    expect(meetingKey('abc@google.com', '2026-03-02T09:00:00.000Z')).toBe(6427619220454930);
    expect(meetingKey('', null)).toBe(3338908027751811);
    expect(meetingKey('ÉMILE-ü-😀', null)).toBe(207721390620095);
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

  it('spreads 100,000 distinct meetings over distinct keys', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 100_000; i++) keys.add(meetingKeyOf(`${i}@google.com`, null));
    expect(keys.size).toBe(100_000);
  });
});
