import { describe, expect, it } from 'vitest';
import { HashSlots } from './hash-slots.js';

/** A hash that finishes when the test says so. */
function pending(): { work: () => Promise<string>; finish: () => void; started: () => boolean } {
  let finish = () => {};
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      started = true;
      await done;
      return 'hashed';
    },
    finish: () => finish(),
    started: () => started,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HashSlots', () => {
  it('a flood from one address is refused beyond its share; another address still gets its turn', async () => {
    const slots = new HashSlots({ running: 2, perClient: 2, waiting: 50 });
    const flood = [pending(), pending()];
    const admitted = flood.map((hash) => slots.run('10.0.0.9', hash.work));
    await expect(slots.run('10.0.0.9', pending().work)).rejects.toMatchObject({
      code: 'rate_limited',
    });

    const user = pending();
    const signIn = slots.run('192.0.2.7', user.work);
    await tick();
    expect(user.started()).toBe(false);
    flood[0]!.finish();
    await tick();
    expect(user.started()).toBe(true);
    user.finish();
    flood[1]!.finish();
    await expect(signIn).resolves.toBe('hashed');
    await Promise.all(admitted);
  });

  it('waits in line in order, and refuses when the line is full', async () => {
    const slots = new HashSlots({ running: 1, perClient: 1, waiting: 1 });
    const first = pending();
    const second = pending();
    const running = slots.run('a', first.work);
    const waiting = slots.run('b', second.work);
    await expect(slots.run('c', pending().work)).rejects.toMatchObject({ code: 'rate_limited' });
    first.finish();
    await running;
    await tick();
    expect(second.started()).toBe(true);
    second.finish();
    await waiting;
    // Everything released: the address may sign in again.
    const again = pending();
    const third = slots.run('a', again.work);
    again.finish();
    await expect(third).resolves.toBe('hashed');
  });

  it('a failed hash frees its slot and its place', async () => {
    const slots = new HashSlots({ running: 1, perClient: 1, waiting: 0 });
    await expect(slots.run('a', () => Promise.reject(new Error('broken')))).rejects.toThrow();
    await expect(slots.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
