/**
 * One run at a time per schedule on BullMQ, across processes. A job scheduler queues the next
 * firing as soon as the current one starts, so a run longer than the interval would otherwise
 * have the next one beside it (two syncs of every calendar at once). A firing takes a Redis lock
 * named after its schedule for as long as it runs; one that finds it taken is skipped, as the
 * embedded queue's `schedule:NAME` dedupe key makes it a no-op. The lock expires if its holder
 * dies, and is renewed every third of its lifetime while the run goes on.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes or extends the lock only while it is still this run's (never a later run's). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface HeldScheduleLock {
  release(): Promise<void>;
}

/**
 * Takes the lock of `key` for `ttlMs`, renewed until released; null when another run holds it.
 * Renewals that fail are dropped: Redis away is reported by the connection, and a lock that
 * runs out only lets the next firing start early, which the job's own lease also guards.
 */
export async function acquireScheduleLock(
  redis: Redis,
  key: string,
  ttlMs: number,
): Promise<HeldScheduleLock | null> {
  const token = randomUUID();
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (taken !== 'OK') return null;
  const renewal = setInterval(
    () => void redis.eval(RENEW, 1, key, token, ttlMs).catch(() => {}),
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  // A renewal must never keep a process alive that is otherwise done.
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token).catch(() => {});
    },
  };
}
