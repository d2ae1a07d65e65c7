/**
 * The queue's backlog by job name and state, on both adapters (the backlog metric reads it at each
 * scrape): jobs due now wait, jobs due later are delayed, a running job is active, and a job that
 * failed for good is counted as failed while it is kept.
 */
import { expect, it } from 'vitest';
import { PermanentJobFailure, type JobBacklog, type JobHandler } from '../../src/jobs/job-queue.js';
import { describeEachQueue } from '../support/queues.js';

/** The counts as `name state` -> count, for comparisons that ignore order. */
const asMap = (backlog: readonly JobBacklog[]) =>
  new Map(backlog.map((b) => [`${b.name} ${b.state}`, b.count]));

describeEachQueue('job queue backlog', (harness) => {
  it('counts waiting and delayed jobs by name, and nothing for an empty queue', async () => {
    const { open, now, delayMs } = harness();
    const queue = await open();
    expect(await queue.backlog()).toEqual([]);
    await queue.enqueue('test-backlog-a', { n: 1 });
    await queue.enqueue('test-backlog-a', { n: 2 });
    await queue.enqueue('test-backlog-b', { n: 3 });
    const later = new Date(now().getTime() + 10 * delayMs);
    await queue.enqueue('test-backlog-b', { n: 4 }, { runAt: later });

    expect(asMap(await queue.backlog())).toEqual(
      new Map([
        ['test-backlog-a waiting', 2],
        ['test-backlog-b waiting', 1],
        ['test-backlog-b delayed', 1],
      ]),
    );
  });

  it('counts a running job as active and one failed for good as failed', async () => {
    const { open, eventually } = harness();
    const queue = await open();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-backlog-held',
          async () => {
            started = true;
            await held;
          },
        ],
        [
          'test-backlog-broken',
          async () => {
            throw new PermanentJobFailure('broken payload');
          },
        ],
      ]),
    );
    await queue.enqueue('test-backlog-held', {});
    await queue.enqueue('test-backlog-broken', {}, { maxAttempts: 1 });
    await eventually(() => started, 'the held job runs');
    await eventually(
      async () => asMap(await queue.backlog()).get('test-backlog-broken failed') === 1,
      'the broken job failed for good',
    );

    expect(asMap(await queue.backlog())).toEqual(
      new Map([
        ['test-backlog-held active', 1],
        ['test-backlog-broken failed', 1],
      ]),
    );
    release();
    await queue.drain();
    expect(asMap(await queue.backlog())).toEqual(new Map([['test-backlog-broken failed', 1]]));
  });
});
