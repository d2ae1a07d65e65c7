/**
 * BullMQ only reports a lock it failed to renew; the adapter must then abort the job's signal,
 * as the embedded queue does when its lease is taken over (src/jobs/local-queue.test.ts), or a
 * second worker could run the same job beside a first that keeps writing.
 */
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import { JobLeaseLost, type JobHandler } from '../../src/jobs/job-queue.js';
import { REDIS_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../support/queues.js';

describeWithRedis('BullMQ queue: a lost lock', () => {
  const prefix = uniquePrefix();
  let queue: BullMqJobQueue | null = null;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

  afterEach(async () => {
    await queue?.close();
    redis.disconnect();
    await deleteKeys(`${prefix}:*`);
  });

  it('aborts the running job with JobLeaseLost and reports it', async () => {
    const reported: unknown[] = [];
    queue = await BullMqJobQueue.connect({
      url: REDIS_URL,
      prefix,
      concurrency: 1,
      lockDurationMs: 400,
      onError: (error) => reported.push(error),
      onConnectionError: () => {},
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let reason: unknown = null;
    const ended = new Promise<void>((resolve) => {
      const handler: JobHandler = async (_payload, { signal }) => {
        started();
        await new Promise((wake) => signal.addEventListener('abort', wake, { once: true }));
        reason = signal.reason;
        resolve();
      };
      queue!.start(new Map([['test-long', handler]]));
    });
    const id = await queue.enqueue('test-long', {});
    await running;
    // What another worker taking the job over as stalled, or Redis losing the key, leaves.
    expect(await redis.del(`${prefix}:jobs:${id}:lock`)).toBe(1);
    await ended;
    expect(reason).toBeInstanceOf(JobLeaseLost);
    expect(reported.some((error) => error instanceof JobLeaseLost)).toBe(true);
  });
});
