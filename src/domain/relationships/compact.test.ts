import { describe, expect, it } from 'vitest';
import { compact } from './compact.js';

describe('compact', () => {
  it('is a copy with the same items, in order', () => {
    const items = ['a', 'b'];
    const copy = compact(items);
    expect(copy).toEqual(['a', 'b']);
    expect(copy).not.toBe(items);
    expect(compact([])).toEqual([]);
  });
});
