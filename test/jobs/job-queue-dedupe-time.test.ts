/**
 * When an enqueue joins a waiting job with its dedupe key, the job runs no later than the enqueue
 * asked, on both adapters: a sync retried later because its calendar was busy must not hold back
 * the sync a user asks for now (148f7ed on the embedded queue; BullMQ keeps a delayed job's delay
 * unless the adapter moves it). A later time asked changes nothing: coalescing delayed jobs keep
 * the first one's time.
 */
import { expect, it } from 'vitest';
import { RetryLater, type JobHandler } from '../../src/jobs/job-queue.js';
import { describeEachQueue } from '../support/queues.js';

/** Far past any wait of these tests (the embedded delayMs is an hour): held back, a job waits. */
const HELD_BACK_MS = 24 * 3_600_000;

/**
 * Waits until `condition` holds without letting the embedded queue's clock jump ahead (which the
 * harness' eventually does when nothing is due): a job held back stays held back here.
 */
async function untilNow(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachQueue('job queue dedupe and time', (harness) => {
  it('an enqueue asked for now pulls forward a retry waiting for later under its key', async () => {
    const { open, inspect, now } = harness();
    const queue = await open();
    const runs: Array<{ jobId: string; attempt: number; payload: unknown }> = [];
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-busy-sync',
          async (payload, { jobId, attempt }) => {
            runs.push({ jobId, attempt, payload });
            // The calendar is busy: try again tomorrow.
            if (attempt === 1)
              throw new RetryLater('busy', new Date(now().getTime() + HELD_BACK_MS));
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-busy-sync', { n: 1 }, { dedupeKey: 'sync:cal-5' });
    await untilNow(async () => {
      const job = await inspect(id!);
      return job.state === 'pending' && job.attempts === 1;
    }, 'the first attempt is retried later');

    // The user turns the calendar on again: a sync now joins the waiting retry.
    expect(await queue.enqueue('test-busy-sync', { n: 2 }, { dedupeKey: 'sync:cal-5' })).toBeNull();
    await untilNow(() => runs.length === 2, 'the retry ran now');
    expect(runs[1]).toMatchObject({ jobId: id, attempt: 2 });
    await untilNow(async () => (await inspect(id!)).state === 'done', 'the job is done');
  });

  it('an enqueue asked for later leaves a delayed job with its key at the first time', async () => {
    const { open, eventually, inspect, now, delayMs } = harness();
    const queue = await open();
    const ranAt: Date[] = [];
    queue.start(
      new Map<string, JobHandler>([['test-coalesce', async () => void ranAt.push(now())]]),
    );
    const firstAt = new Date(now().getTime() + delayMs);
    const id = await queue.enqueue('test-coalesce', {}, { runAt: firstAt, dedupeKey: 'adapt:o' });
    const laterAt = new Date(now().getTime() + HELD_BACK_MS);
    expect(
      await queue.enqueue('test-coalesce', {}, { runAt: laterAt, dedupeKey: 'adapt:o' }),
    ).toBeNull();
    await eventually(async () => (await inspect(id!)).state === 'done', 'the job ran');
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]!.getTime()).toBeGreaterThanOrEqual(firstAt.getTime());
    expect(ranAt[0]!.getTime()).toBeLessThan(laterAt.getTime());
  });

  it('an enqueue asked for sooner, not now, moves a delayed job with its key to that time', async () => {
    const { open, eventually, inspect, now, delayMs } = harness();
    const queue = await open();
    const ranAt: Date[] = [];
    queue.start(new Map<string, JobHandler>([['test-sooner', async () => void ranAt.push(now())]]));
    const firstAt = new Date(now().getTime() + HELD_BACK_MS);
    const id = await queue.enqueue('test-sooner', {}, { runAt: firstAt, dedupeKey: 'zone:o' });
    const soonerAt = new Date(now().getTime() + delayMs);
    expect(
      await queue.enqueue('test-sooner', {}, { runAt: soonerAt, dedupeKey: 'zone:o' }),
    ).toBeNull();
    // The embedded queue's clock jumps to the job's time, whichever it is now.
    await eventually(async () => (await inspect(id!)).state === 'done', 'the job ran');
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]!.getTime()).toBeGreaterThanOrEqual(soonerAt.getTime());
    expect(ranAt[0]!.getTime()).toBeLessThan(firstAt.getTime());
  });
});
