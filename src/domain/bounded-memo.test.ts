import { describe, expect, it } from 'vitest';
import { boundedMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once while it is kept, falsy answers included', () => {
    const calls: string[] = [];
    const memo = boundedMemo((key: string) => {
      calls.push(key);
      return key === 'empty' ? '' : key.toUpperCase();
    }, 10);
    expect([memo('a'), memo('a'), memo('empty'), memo('empty')]).toEqual(['A', 'A', '', '']);
    expect(calls).toEqual(['a', 'empty']);
    expect(memo.size).toBe(2);
  });

  it('remembers an undefined answer instead of computing it again', () => {
    let calls = 0;
    const memo = boundedMemo((key: string) => {
      calls += 1;
      return key === 'none' ? undefined : key.length;
    }, 10);
    expect([memo('none'), memo('none'), memo('ab'), memo('ab')]).toEqual([
      undefined,
      undefined,
      2,
      2,
    ]);
    expect(calls).toBe(2);
  });

  it('never holds more than its limit, and answers the same after it was emptied', () => {
    const memo = boundedMemo((n: number) => n * 2, 3);
    for (let n = 0; n < 10; n++) expect(memo(n)).toBe(n * 2);
    expect(memo.size).toBeLessThanOrEqual(3);
    memo.clear();
    expect(memo.size).toBe(0);
    expect(memo(4)).toBe(8);
  });
});
