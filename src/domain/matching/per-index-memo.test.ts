import { describe, expect, it } from 'vitest';
import { buildCrmIndex } from './crm.js';
import { perIndexMemo } from './per-index-memo.js';

describe('perIndexMemo', () => {
  const org = { internalDomains: [], accounts: [], leads: [], contacts: [] };

  it('computes each key once per index, keeping the indexes apart, until cleared', () => {
    const calls: string[] = [];
    const first = buildCrmIndex(org);
    const second = buildCrmIndex(org);
    const memo = perIndexMemo((index, key) => {
      calls.push(`${index === first ? 'first' : 'second'}:${key}`);
      return key.length;
    }, 10);
    expect([memo(first, 'ab'), memo(first, 'ab'), memo(second, 'ab'), memo(second, 'abc')]).toEqual(
      [2, 2, 2, 3],
    );
    expect(calls).toEqual(['first:ab', 'second:ab', 'second:abc']);
    memo.clear();
    memo(first, 'ab');
    expect(calls).toHaveLength(4);
  });
});
