/**
 * BullMQ's backlog read by name (jobs/bullmq-backlog.ts) stays cheap on a deep queue: past its
 * sample of ids per list, jobs are counted without reading their names, under `_unread`, so that
 * a state's counts still add up to the list's size. On the real Redis.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { OTHER_NAMES, readBacklog } from '../../src/jobs/bullmq-backlog.js';
import { REDIS_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../support/queues.js';

describeWithRedis('BullMQ backlog beyond its sample', () => {
  const prefix = uniquePrefix();
  let connection: Redis | undefined;
  let queue: Queue | undefined;
  afterEach(async () => {
    await queue?.close();
    connection?.disconnect();
    await deleteKeys(`${prefix}:*`);
  });

  it('counts the jobs past the sample under _unread, each state adding up to its size', async () => {
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    queue = new Queue('jobs', { connection, prefix });
    for (let i = 0; i < 5; i++) await queue.add('test-deep', { i });
    await queue.add('test-deep-later', {}, { delay: 3_600_000 });

    const backlog = await readBacklog(connection, queue, 2);
    const waiting = backlog.filter((b) => b.state === 'waiting');
    expect(waiting.reduce((sum, b) => sum + b.count, 0)).toBe(5);
    expect(waiting.find((b) => b.name === OTHER_NAMES)?.count).toBe(3);
    expect(waiting.find((b) => b.name === 'test-deep')?.count).toBe(2);
    expect(backlog.filter((b) => b.state === 'delayed')).toEqual([
      { name: 'test-deep-later', state: 'delayed', count: 1 },
    ]);
  });
});
