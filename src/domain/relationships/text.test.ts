import { describe, expect, it } from 'vitest';
import { text } from './text.js';

describe('text', () => {
  it('reads as the same template literal would', () => {
    const days = 14;
    const date = '2026-01-05';
    expect(text`a ${days}-day gap ended on ${date}`).toBe('a 14-day gap ended on 2026-01-05');
    expect(text`${0.1 + 0.2}|${-0}|${1e21}`).toBe('0.30000000000000004|0|1e+21');
    expect(text`no values`).toBe('no values');
    expect(text`${''}`).toBe('');
  });
});
