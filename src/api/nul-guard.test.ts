import { describe, expect, it } from 'vitest';
import { nulIn } from './nul-guard.js';

describe('nulIn', () => {
  it('names the first string or key holding a NUL, in document order', () => {
    expect(nulIn({ a: 'x', b: ['y', 'z\u0000', '\u0000'] }, 'body')).toBe('body.b.1');
    expect(nulIn({ a: { 'k\u0000': 1 } }, 'body')).toBe('body.a (a key)');
    expect(nulIn('a\u0000', 'params')).toBe('params');
    expect(nulIn({ a: 'x', n: 1, t: true, z: null }, 'body')).toBeNull();
  });

  it('walks a deeply nested body without recursion', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nulIn(deep, 'body')).toBe(`body${'.0'.repeat(200_000)}`);
  });
});
