/**
 * A shutdown (a deploy, a restart) stops running jobs through their signal. Such a job is given
 * back, not failed: it did nothing wrong, so it keeps its attempts and runs again at the next
 * start. Before, the stop counted as a failed attempt, and a job with one attempt (every schedule's
 * firing, by default) was failed for good.
 */
import { expect, it } from 'vitest';
import type { JobContext, JobHandler } from '../../src/jobs/job-queue.js';
import { describeEachQueue } from '../support/queues.js';

/** Runs until the queue stops it, as a long sync does. */
function untilStopped(started: () => void) {
  return (_payload: unknown, { signal }: JobContext) =>
    new Promise<void>((_resolve, reject) => {
      started();
      signal.addEventListener('abort', () => reject(new Error('stopped before its end')), {
        once: true,
      });
    });
}

describeEachQueue('job queue shutdown', (harness, kind) => {
  it('gives a job stopped by a shutdown back: not failed, run again at the next start', async () => {
    const { open, eventually, inspect } = harness();
    const first = await open();
    let starts = 0;
    first.start(new Map<string, JobHandler>([['test-shutdown', untilStopped(() => starts++)]]));
    const id = await first.enqueue('test-shutdown', { n: 1 }, { maxAttempts: 1 });
    await eventually(() => starts === 1, 'the job started');
    await first.stop();
    expect((await inspect(id!)).state).toBe('pending');

    const second = await open();
    const attempts: number[] = [];
    second.start(
      new Map<string, JobHandler>([
        ['test-shutdown', async (_payload, { attempt }) => void attempts.push(attempt)],
      ]),
    );
    await eventually(async () => (await inspect(id!)).state === 'done', 'the job ran again');
    expect(attempts).toHaveLength(1);
    if (kind === 'embedded') expect(attempts).toEqual([1]);
  });

  it('a job stopped by a shutdown with another of its key waiting: the work of its key runs after the restart', async () => {
    const { open, eventually, inspect } = harness();
    const first = await open();
    let starts = 0;
    first.start(new Map<string, JobHandler>([['test-shutdown-key', untilStopped(() => starts++)]]));
    const running = await first.enqueue('test-shutdown-key', { n: 1 }, { dedupeKey: 'sync:cal-1' });
    await eventually(() => starts === 1, 'the first job started');
    const waiting = await first.enqueue('test-shutdown-key', { n: 2 }, { dedupeKey: 'sync:cal-1' });
    expect(waiting).toEqual(expect.any(String));
    await first.stop();

    const second = await open();
    const ran: unknown[] = [];
    second.start(
      new Map<string, JobHandler>([
        ['test-shutdown-key', async (payload) => void ran.push(payload)],
      ]),
    );
    await second.drain();
    await eventually(async () => (await inspect(waiting!)).state === 'done', 'the waiting job ran');
    // Whichever ran last did the key's work after the change it was queued for; none is left.
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.at(-1)).toEqual({ n: 2 });
    expect(['done', 'failed']).toContain((await inspect(running!)).state);
  });

  it('still fails a job whose handler fails on its own while the queue runs', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-shutdown-fail',
          async () => {
            throw new Error('broken payload');
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-shutdown-fail', {}, { maxAttempts: 1 });
    await eventually(async () => (await inspect(id!)).state === 'failed', 'the job failed');
  });
});
