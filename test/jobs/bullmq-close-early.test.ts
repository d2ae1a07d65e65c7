/**
 * A BullMQ queue closed while BullMQ is still checking its new Redis connection (a CLI command
 * that fails at once, with REDIS_URL set) closes without an uncaught error. Before, BullMQ's
 * queue dropped its listeners on close, our QUIT then failed that check, and BullMQ emitted the
 * failure with nobody listening: "Connection is closed ... Emitted 'error' event on
 * RedisConnection", a stack on the command's standard error about half the time.
 *
 * The check's window is a few milliseconds after connecting, so the queues here are closed
 * after waits across it; each close is given a moment for the connection's end to arrive.
 */
import { afterAll, expect, it } from 'vitest';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';

/** Waits in ms between connecting and closing: every half millisecond up to 6, twice. */
const WAITS_MS = [...Array(26).keys()].map((i) => (i % 13) / 2);
/** Long against a local connection's end after its QUIT is answered. */
const SETTLE_MS = 50;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis('a BullMQ queue closed right after it connects', () => {
  const prefix = uniquePrefix();
  afterAll(() => deleteKeys(`${prefix}*`));

  it('emits no uncaught error, whenever in its start the close comes', async () => {
    const uncaught: unknown[] = [];
    const collect = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', collect);
    try {
      for (const [i, waitMs] of WAITS_MS.entries()) {
        const queue = await BullMqJobQueue.connect({
          url: REDIS_URL,
          prefix: `${prefix}-${i}`,
          concurrency: 1,
          onError: () => {},
          onConnectionError: (error) => uncaught.push(error),
        });
        await (waitMs === 0 ? new Promise((resolve) => setImmediate(resolve)) : pause(waitMs));
        await queue.close();
        await pause(SETTLE_MS);
      }
    } finally {
      process.off('uncaughtException', collect);
    }
    expect(uncaught.map(String)).toEqual([]);
  }, 30_000);
});
