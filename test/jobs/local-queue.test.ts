import { afterEach, expect, it } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import { PermanentJobFailure, RetryLater, type JobHandler } from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { describeEachDialect } from '../support/databases.js';

describeEachDialect('embedded job queue', (context) => {
  let queue: LocalJobQueue | null = null;
  let now = new Date('2026-03-01T12:00:00.000Z');

  const start = (handlers: Record<string, JobHandler>) => {
    queue = new LocalJobQueue(new StoreJobAdapter(context().store), {
      concurrency: 2,
      pollIntervalMs: 60_000,
      lockMs: 60_000,
      clock: () => now,
      onError: () => {},
      // The backoff's jitter pinned to its top: the first retry waits the full 2 s.
      random: () => 1,
    });
    queue.start(new Map(Object.entries(handlers)));
    return queue;
  };

  afterEach(async () => {
    await queue?.stop();
    queue = null;
  });

  it('runs queued jobs with their payload and marks them done', async () => {
    const seen: unknown[] = [];
    const q = start({ 'test-run': async (payload) => void seen.push(payload) });
    await q.enqueue('test-run', { n: 1 });
    await q.enqueue('test-run', { n: 2 });
    await q.drain();
    expect(seen).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }]));
    const done = await context().store.jobs.list({ name: 'test-run', status: 'done' });
    expect(done).toHaveLength(2);
  });

  it('works again when started after a stop, with a live signal', async () => {
    const seen: unknown[] = [];
    const handlers = new Map<string, JobHandler>([
      ['test-again', async (payload, { signal }) => void seen.push([payload, signal.aborted])],
    ]);
    const q = start(Object.fromEntries(handlers));
    await q.stop();
    await q.enqueue('test-again', { n: 1 });
    q.start(handlers);
    await q.drain();
    expect(seen).toEqual([[{ n: 1 }, false]]);
  });

  it('one pending job per dedupe key', async () => {
    const q = start({});
    await q.stop();
    const first = await q.enqueue('test-dedupe', {}, { dedupeKey: 'sync:cal-1' });
    const second = await q.enqueue('test-dedupe', {}, { dedupeKey: 'sync:cal-1' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(await context().store.jobs.list({ name: 'test-dedupe' })).toHaveLength(1);
  });

  it('starts the job that waited for a running one with its key as soon as that one ends', async () => {
    // The poll interval is a minute (and the clock never moves): only the end of the first job
    // can start the second in time.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const ran: number[] = [];
    const q = start({
      'test-key': async (payload) => {
        ran.push((payload as { n: number }).n);
        if ((payload as { n: number }).n === 1) await gate;
      },
    });
    await q.enqueue('test-key', { n: 1 }, { dedupeKey: 'sync:cal-7' });
    await q.poll();
    await q.enqueue('test-key', { n: 2 }, { dedupeKey: 'sync:cal-7' });
    await q.poll();
    expect(ran).toEqual([1]);
    release();
    const deadline = Date.now() + 10_000;
    while (ran.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual([1, 2]);
  });

  it('retries a failing job later, and fails it for good when retrying cannot help', async () => {
    let attempts = 0;
    const q = start({
      'test-flaky': async () => {
        attempts += 1;
        throw new Error('flaky');
      },
      'test-broken': async () => {
        throw new PermanentJobFailure('bad payload');
      },
      'test-later': async () => {
        throw new RetryLater('busy', new Date('2026-03-01T13:00:00.000Z'));
      },
    });
    await q.enqueue('test-flaky', {});
    await q.enqueue('test-broken', {});
    await q.enqueue('test-later', {});
    await q.drain();
    expect(attempts).toBe(1);
    const [flaky] = await context().store.jobs.list({ name: 'test-flaky' });
    expect(flaky).toMatchObject({
      status: 'queued',
      lastError: 'flaky',
      runAt: '2026-03-01T12:00:02.000Z',
    });
    const [broken] = await context().store.jobs.list({ name: 'test-broken' });
    expect(broken).toMatchObject({ status: 'failed', lastError: 'bad payload' });
    const [later] = await context().store.jobs.list({ name: 'test-later' });
    expect(later).toMatchObject({ status: 'queued', runAt: '2026-03-01T13:00:00.000Z' });
    // Once due, the flaky job runs again.
    now = new Date('2026-03-01T12:00:03.000Z');
    await q.drain();
    expect(attempts).toBe(2);
  });

  it('a job without a handler fails for good instead of looping', async () => {
    const q = start({});
    await q.enqueue('test-unknown', {});
    await q.drain();
    const [job] = await context().store.jobs.list({ name: 'test-unknown' });
    expect(job).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('no handler'),
    });
  });
});
