import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from './auth-failures.js';

describe('AuthFailureLimiter', () => {
  it('blocks an address after max failures until its minute ends', () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter(2, () => now);
    expect(limiter.retryAfter('a', null)).toBeNull();
    limiter.failed('a');
    limiter.failed('a');
    expect(limiter.retryAfter('a', 'tok')).toBe(60);
    expect(limiter.retryAfter('b', null)).toBeNull();
    now += 59_500;
    expect(limiter.retryAfter('a', null)).toBe(1);
    now += 500;
    expect(limiter.retryAfter('a', null)).toBeNull();
    limiter.failed('a');
    expect(limiter.retryAfter('a', null)).toBeNull();
  });

  it('lets a credential that authenticated lately pass a blocked address, for an hour', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(1, () => now);
    limiter.succeeded('good');
    limiter.failed('a');
    expect(limiter.retryAfter('a', 'good')).toBeNull();
    expect(limiter.retryAfter('a', 'other')).not.toBeNull();
    now += 60 * 60_000;
    limiter.failed('a');
    expect(limiter.retryAfter('a', 'good')).not.toBeNull();
  });

  it('stays bounded when many addresses fail', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(1, () => now);
    for (let i = 0; i < 60_000; i++) {
      limiter.failed(`10.0.${i >> 8}.${i & 255}`);
      now += 1;
    }
    // The newest addresses are still counted.
    expect(limiter.retryAfter('10.0.234.95', null)).not.toBeNull();
    expect(
      (limiter as unknown as { windows: Map<string, unknown> }).windows.size,
    ).toBeLessThanOrEqual(50_000);
  });
});
