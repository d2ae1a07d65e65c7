import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChangeCursors, legacyCursor } from './change-cursors.js';
import { InvalidCursorError } from './event-rows.js';

describe('ChangeCursors', () => {
  const key = randomBytes(32);
  const cursors = new ChangeCursors(key);

  it('gives back the sequence of a cursor it made for the same user, up to 2^53 - 1', () => {
    for (const sequence of [0, 1, 42, 1_000_000_007, Number.MAX_SAFE_INTEGER]) {
      expect(cursors.decode('u1', cursors.encode('u1', sequence))).toBe(sequence);
    }
  });

  it('makes cursors that do not show their sequence or follow it', () => {
    const made = [1, 2, 3].map((n) => cursors.encode('u1', n));
    expect(new Set(made).size).toBe(3);
    for (const cursor of made) expect(cursor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(made.join(' ')).not.toMatch(/Y2hn/);
  });

  it('refuses a cursor made for another user or under another key', () => {
    const cursor = cursors.encode('u1', 7);
    expect(() => cursors.decode('u2', cursor)).toThrow(InvalidCursorError);
    expect(() => new ChangeCursors(randomBytes(32)).decode('u1', cursor)).toThrow(
      InvalidCursorError,
    );
  });

  it('reads the first form of cursor for anyone, since it only says where a client was', () => {
    expect(cursors.decode('u2', legacyCursor(42))).toBe(42);
    for (const bad of ['Y2hnOi0x', 'Y2hnOjAx', `${legacyCursor(4)}!`, '', 'nope']) {
      expect(() => cursors.decode('u1', bad), bad).toThrow(InvalidCursorError);
    }
  });
});
