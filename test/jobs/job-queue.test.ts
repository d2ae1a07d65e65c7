/**
 * The job queue port's behaviour, the same for both adapters (test/support/queues.ts): the
 * embedded queue on SQLite with a fake clock, BullMQ on Redis in real time. No assertion is on
 * elapsed time; "not before" checks compare the queue's own clock with the time a job was given.
 */
import { expect, it } from 'vitest';
import { PermanentJobFailure, RetryLater, type JobHandler } from '../../src/jobs/job-queue.js';
import { describeEachQueue } from '../support/queues.js';

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describeEachQueue('job queue', (harness, kind) => {
  it('runs queued jobs with their payload, first attempt 1', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    const seen: Array<{ payload: unknown; attempt: number }> = [];
    queue.start(
      new Map<string, JobHandler>([
        ['test-run', async (payload, { attempt }) => void seen.push({ payload, attempt })],
      ]),
    );
    const first = await queue.enqueue('test-run', { n: 1 });
    const second = await queue.enqueue('test-run', { n: 2 });
    await eventually(() => seen.length === 2, 'both jobs ran');
    expect(seen).toEqual(
      expect.arrayContaining([
        { payload: { n: 1 }, attempt: 1 },
        { payload: { n: 2 }, attempt: 1 },
      ]),
    );
    for (const id of [first, second]) {
      await eventually(async () => (await inspect(id!)).state === 'done', 'the job is done');
    }
  });

  it('dedupe: one job waits per key; while one runs, one more waits for it and never runs beside it', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    const first = await queue.enqueue('test-dedupe', { n: 1 }, { dedupeKey: 'sync:cal-1' });
    expect(first).toEqual(expect.any(String));
    expect(await queue.enqueue('test-dedupe', { n: 2 }, { dedupeKey: 'sync:cal-1' })).toBeNull();
    // Another key is another job.
    expect(await queue.enqueue('test-dedupe', { n: 3 }, { dedupeKey: 'sync:cal-2' })).toEqual(
      expect.any(String),
    );

    const release = gate();
    const seen: { n: number }[] = [];
    const running = new Map<string, number>();
    let peakForCal1 = 0;
    const keyOf = (n: number) => (n === 3 ? 'cal-2' : 'cal-1');
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-dedupe',
          async (payload) => {
            const { n } = payload as { n: number };
            seen.push({ n });
            running.set(keyOf(n), (running.get(keyOf(n)) ?? 0) + 1);
            peakForCal1 = Math.max(peakForCal1, running.get('cal-1') ?? 0);
            await release.opened;
            running.set(keyOf(n), (running.get(keyOf(n)) ?? 1) - 1);
          },
        ],
      ]),
    );
    await eventually(() => seen.length === 2, 'both keys ran');
    // Running: a change seen now needs a run of its own after this one (a second waits with it).
    await queue.enqueue('test-dedupe', { n: 4 }, { dedupeKey: 'sync:cal-1' });
    await queue.enqueue('test-dedupe', { n: 6 }, { dedupeKey: 'sync:cal-1' });
    release.open();
    await eventually(async () => (await inspect(first!)).state === 'done', 'the first is done');
    await eventually(() => seen.length === 3, 'the waiting job ran after the first');
    await eventually(() => [...running.values()].every((r) => r === 0), 'all finished');
    expect(peakForCal1).toBe(1);
    const waited = seen.slice(2).map((s) => s.n);
    expect(waited).toHaveLength(1);
    expect([4, 6]).toContain(waited[0]);

    // Finished: the key is free again.
    const again = await queue.enqueue('test-dedupe', { n: 5 }, { dedupeKey: 'sync:cal-1' });
    expect(again).toEqual(expect.any(String));
    expect(again).not.toBe(first);
    await eventually(() => seen.length === 4, 'the later job ran');
    expect(seen).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }, { n: 5 }]));
    expect(seen).not.toContainEqual({ n: 2 });
  });

  it('a job given a time runs at that time, not before', async () => {
    const { open, eventually, inspect, now, delayMs } = harness();
    const queue = await open();
    const runAt = new Date(now().getTime() + delayMs);
    let ranAt: Date | null = null;
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-later',
          async () => {
            ranAt = now();
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-later', {}, { runAt });
    expect((await inspect(id!)).state).toBe('pending');
    await eventually(() => ranAt !== null, 'the job ran');
    expect(ranAt!.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('a failing job is retried with growing waits, then failed for good after maxAttempts', async () => {
    const { open, eventually, inspect, now, backoffBaseMs } = harness();
    const queue = await open();
    const attempts: Array<{ attempt: number; at: number }> = [];
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-flaky',
          async (_payload, { attempt }) => {
            attempts.push({ attempt, at: now().getTime() });
            throw new Error('flaky');
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-flaky', {}, { maxAttempts: 3 });
    await eventually(async () => (await inspect(id!)).state === 'failed', 'the job failed');
    expect(await inspect(id!)).toEqual({ state: 'failed', attempts: 3, lastError: 'flaky' });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Equal jitter: the wait after failed attempt n is at least half of base * 2^(n-1).
    const [a, b, c] = attempts.map((x) => x.at);
    expect(b! - a!).toBeGreaterThanOrEqual(backoffBaseMs / 2);
    expect(c! - b!).toBeGreaterThanOrEqual(backoffBaseMs);
  });

  it('RetryLater runs the job again at the time it names, counting the attempt', async () => {
    const { open, eventually, inspect, now, delayMs } = harness();
    const queue = await open();
    let retryAt: Date | null = null;
    const runs: Array<{ attempt: number; at: Date }> = [];
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-busy',
          async (_payload, { attempt }) => {
            runs.push({ attempt, at: now() });
            if (attempt > 1) return;
            retryAt = new Date(now().getTime() + delayMs);
            throw new RetryLater('provider busy', retryAt);
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-busy', {});
    await eventually(async () => (await inspect(id!)).state === 'done', 'the job is done');
    expect(runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(runs[1]!.at.getTime()).toBeGreaterThanOrEqual(retryAt!.getTime());
    expect((await inspect(id!)).attempts).toBe(2);
  });

  it('PermanentJobFailure, and a job nobody handles, fail at once without retries and free their key', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    let runs = 0;
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-broken',
          async () => {
            runs += 1;
            throw new PermanentJobFailure('bad payload');
          },
        ],
      ]),
    );
    const options = { maxAttempts: 5, dedupeKey: 'test-broken:1' };
    const broken = await queue.enqueue('test-broken', {}, options);
    const unknown = await queue.enqueue('test-unknown', {}, { maxAttempts: 5 });
    for (const id of [broken, unknown]) {
      await eventually(async () => (await inspect(id!)).state === 'failed', 'the job failed');
    }
    expect(await inspect(broken!)).toEqual({
      state: 'failed',
      attempts: 1,
      lastError: 'bad payload',
    });
    expect(await inspect(unknown!)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('no handler'),
    });
    expect(runs).toBe(1);
    // A job failed for good no longer holds its dedupe key.
    expect(await queue.enqueue('test-broken', {}, options)).toEqual(expect.any(String));
  });

  it('a job queued before a restart runs on the new worker', async () => {
    const { open, eventually, inspect } = harness();
    const before = await open();
    const id = await before.enqueue('test-survivor', { kept: true });
    await before.close();

    const after = await open();
    const seen: unknown[] = [];
    after.start(new Map<string, JobHandler>([['test-survivor', async (p) => void seen.push(p)]]));
    await eventually(() => seen.length === 1, 'the job ran after the restart');
    expect(seen).toEqual([{ kept: true }]);
    await eventually(async () => (await inspect(id!)).state === 'done', 'the job is done');
  });

  it('stop aborts the signal and waits for the running job to finish', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    let started = false;
    let finished = false;
    let aborted = false;
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-long',
          async (_payload, { signal }) => {
            started = true;
            await new Promise((resolve) => signal.addEventListener('abort', resolve));
            aborted = signal.aborted;
            // Cleaning up takes a moment; stop() must wait for it.
            await new Promise((resolve) => setTimeout(resolve, 50));
            finished = true;
          },
        ],
      ]),
    );
    const id = await queue.enqueue('test-long', {});
    await eventually(() => started, 'the job started');
    await queue.stop();
    expect({ aborted, finished }).toEqual({ aborted: true, finished: true });
    expect((await inspect(id!)).state).toBe('done');
  });

  it('works again after stop and start, with a live signal', async () => {
    const { open, eventually } = harness();
    const queue = await open();
    const aborted: boolean[] = [];
    const handlers = new Map<string, JobHandler>([
      ['test-probe', async (_payload, { signal }) => void aborted.push(signal.aborted)],
    ]);
    queue.start(handlers);
    await queue.enqueue('test-probe', {});
    await eventually(() => aborted.length === 1, 'the first job ran');
    await queue.stop();
    queue.start(handlers);
    await queue.enqueue('test-probe', {});
    await eventually(() => aborted.length === 2, 'the job after the restart ran');
    expect(aborted).toEqual([false, false]);
  });

  it('an enqueue while the key runs returns the id of the job kept to run after it', async () => {
    const { open, eventually, inspect } = harness();
    const queue = await open();
    const release = gate();
    const started = gate();
    const seen: number[] = [];
    queue.start(
      new Map<string, JobHandler>([
        [
          'test-kept',
          async (payload) => {
            const { n } = payload as { n: number };
            seen.push(n);
            started.open();
            if (n === 1) await release.opened;
          },
        ],
      ]),
    );
    await queue.enqueue('test-kept', { n: 1 }, { dedupeKey: 'k' });
    await started.opened;
    const kept = await queue.enqueue('test-kept', { n: 2 }, { dedupeKey: 'k' });
    // Opened before asserting, so that a failure does not leave close() waiting for the run.
    release.open();
    expect(kept).toEqual(expect.any(String));
    await eventually(async () => (await inspect(kept!)).state === 'done', 'the kept job ran');
    expect(seen).toEqual([1, 2]);
  });

  it('schedules fire their task with its payload, on an interval and on a cron expression', async () => {
    const { open, eventually } = harness();
    const queue = await open();
    const seen: Record<string, unknown[]> = { every: [], cron: [] };
    queue.start(
      new Map<string, JobHandler>([
        ['test-every', async (payload) => void seen['every']!.push(payload)],
        ['test-cron', async (payload) => void seen['cron']!.push(payload)],
      ]),
    );
    await queue.schedule([
      { name: 'test-every', everyMs: 200, payload: { from: 'every' } },
      // Six fields: every second.
      { name: 'test-cron', cron: '* * * * * *', payload: { from: 'cron' } },
    ]);
    await eventually(
      () => seen['every']!.length >= 2 && seen['cron']!.length >= 1,
      'both schedules fired',
    );
    expect(new Set(seen['every']!.map((p) => JSON.stringify(p)))).toEqual(
      new Set([JSON.stringify({ from: 'every' })]),
    );
    expect(seen['cron']![0]).toEqual({ from: 'cron' });
  });

  it('a scheduled task slower than its interval never runs beside itself, on any worker', async () => {
    const { open, eventually } = harness();
    const [scheduler, otherWorker] = [await open(), await open()];
    let running = 0;
    let peak = 0;
    let runs = 0;
    const handlers = new Map<string, JobHandler>([
      [
        'test-slow-tick',
        async () => {
          running += 1;
          runs += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 600));
          running -= 1;
        },
      ],
    ]);
    scheduler.start(handlers);
    otherWorker.start(handlers);
    await scheduler.schedule([{ name: 'test-slow-tick', everyMs: 100 }]);
    await eventually(() => runs >= 3, 'the schedule ran three times');
    await scheduler.schedule([]);
    await eventually(() => running === 0, 'the last run finished');
    expect(peak).toBe(1);
  });

  it('a bad cron expression is refused when the schedule is registered', async () => {
    const queue = await harness().open();
    await expect(queue.schedule([{ name: 'test-bad', cron: 'every tuesday' }])).rejects.toThrow();
  });

  if (kind === 'bullmq') {
    it('two schedulers registering the same schedule fire it once per due time', async () => {
      const { open, eventually } = harness();
      const [one, two] = [await open(), await open()];
      const everyMs = 300;
      await Promise.all([one, two].map((s) => s.schedule([{ name: 'test-tick', everyMs }])));
      // A restarted scheduler registers again.
      await one.schedule([{ name: 'test-tick', everyMs }]);

      const worker = await open();
      const jobIds: string[] = [];
      worker.start(
        new Map<string, JobHandler>([
          ['test-tick', async (_p, { jobId }) => void jobIds.push(jobId)],
        ]),
      );
      await eventually(() => jobIds.length >= 4, 'the schedule fired four times');
      await worker.stop();

      // BullMQ names each firing after its due time: one job per due time, all on one grid.
      const dueTimes = jobIds.map((id) => Number(/^repeat:test-tick:(\d+)$/.exec(id)?.[1]));
      expect(new Set(dueTimes).size).toBe(dueTimes.length);
      const sorted = [...dueTimes].sort((x, y) => x - y);
      for (let i = 1; i < sorted.length; i += 1) {
        expect((sorted[i]! - sorted[0]!) % everyMs).toBe(0);
      }
    });
  }
});
