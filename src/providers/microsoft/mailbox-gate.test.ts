import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.js';
import { MailboxGate } from './mailbox-gate.js';

describe('MailboxGate', () => {
  it('lets at most four requests of one mailbox run at once, others beside them', async () => {
    const gate = new MailboxGate();
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      gate.run('alice', async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const all = Array.from({ length: 7 }, task);
    const other = gate.run('bob', async () => 'bob ran');
    expect(await other).toBe('bob ran');
    while (releases.length || running) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(all);
    expect(peak).toBe(4);
  });

  it('holds a mailbox for the Retry-After of a rate limit, without calling', async () => {
    let now = 1_000;
    const gate = new MailboxGate(4, () => now);
    const throttled = new ProviderError('microsoft', 'rate_limit', 'slow down', 30_000);
    await expect(gate.run('alice', () => Promise.reject(throttled))).rejects.toBe(throttled);
    let called = false;
    const held = await gate
      .run('alice', async () => {
        called = true;
      })
      .catch((error: unknown) => error);
    expect(held).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    expect(called).toBe(false);
    expect(await gate.run('bob', async () => 'free')).toBe('free');
    now += 30_000;
    expect(await gate.run('alice', async () => 'again')).toBe('again');
  });
});
