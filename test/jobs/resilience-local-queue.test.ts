/**
 * The embedded queue meets database errors (SQLITE_BUSY while the CLI holds the write lock,
 * PostgreSQL restarting): a claim, completion or failure that throws is reported and the queue
 * carries on. Nothing may reject unawaited: vitest fails a run on any unhandled rejection.
 */
import { afterEach, expect, it } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import type { JobStore } from '../../src/jobs/job-store.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { describeEachDialect } from '../support/databases.js';

type Flaky = 'claimNext' | 'complete' | 'fail';

/** The real job store, whose named calls throw as many times as told before they work again. */
class FlakyJobStore implements JobStore {
  readonly failures: Partial<Record<Flaky, number>> = {};
  constructor(private readonly inner: JobStore) {}

  private trip(call: Flaky): void {
    const left = this.failures[call] ?? 0;
    if (left <= 0) return;
    this.failures[call] = left - 1;
    throw Object.assign(new Error(`database is locked (${call})`), { code: 'SQLITE_BUSY' });
  }

  enqueue(job: Parameters<JobStore['enqueue']>[0]) {
    return this.inner.enqueue(job);
  }
  lastQueuedAt(name: string) {
    return this.inner.lastQueuedAt(name);
  }
  backlog(now: Date) {
    return this.inner.backlog(now);
  }
  async claimNext(workerId: string, now: Date, lockMs: number) {
    this.trip('claimNext');
    return this.inner.claimNext(workerId, now, lockMs);
  }
  renewLease(jobId: string, workerId: string, now: Date, lockMs: number) {
    return this.inner.renewLease(jobId, workerId, now, lockMs);
  }
  async complete(jobId: string, workerId: string) {
    this.trip('complete');
    return this.inner.complete(jobId, workerId);
  }
  async fail(jobId: string, workerId: string, error: string, retryAt: Date | null) {
    this.trip('fail');
    return this.inner.fail(jobId, workerId, error, retryAt);
  }
  release(jobId: string, workerId: string, now: Date) {
    return this.inner.release(jobId, workerId, now);
  }
}

const LOCK_MS = 60_000;

describeEachDialect('embedded job queue under database errors', (context) => {
  let queue: LocalJobQueue | null = null;
  let now = new Date('2026-03-01T12:00:00.000Z');
  let reported: string[] = [];

  const start = (flaky: FlakyJobStore, handlers: Record<string, JobHandler>) => {
    queue = new LocalJobQueue(flaky, {
      concurrency: 2,
      pollIntervalMs: 60_000,
      lockMs: LOCK_MS,
      clock: () => now,
      onError: (error) =>
        void reported.push(error instanceof Error ? error.message : String(error)),
      random: () => 1,
    });
    queue.start(new Map(Object.entries(handlers)));
    return queue;
  };
  const statusOf = async (name: string) =>
    (await context().store.jobs.list({ name })).map((job) => job.status);

  afterEach(async () => {
    await queue?.stop();
    queue = null;
    reported = [];
  });

  it('reports a claim that throws and claims at the next poll', async () => {
    const flaky = new FlakyJobStore(new StoreJobAdapter(context().store));
    flaky.failures.claimNext = 1;
    const seen: unknown[] = [];
    // start() polls at once, and that claim throws.
    const q = start(flaky, { 'resilience-claim': async (payload) => void seen.push(payload) });
    await q.enqueue('resilience-claim', { n: 1 });
    await q.drain();
    expect(reported).toEqual([expect.stringContaining('database is locked (claimNext)')]);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await statusOf('resilience-claim')).toEqual(['done']);
  });

  it('keeps a job whose completion could not be recorded: its lease runs out and it runs again', async () => {
    const flaky = new FlakyJobStore(new StoreJobAdapter(context().store));
    // The database is away for both the completion and anything recorded after it.
    flaky.failures.complete = 1;
    flaky.failures.fail = 1;
    let runs = 0;
    const q = start(flaky, { 'resilience-complete': async () => void runs++ });
    await q.enqueue('resilience-complete', {});
    await q.drain();
    expect(runs).toBe(1);
    expect(reported).toEqual([expect.stringContaining('database is locked (complete)')]);
    // The job succeeded: a completion that could not be recorded is no failure of the job.
    expect(flaky.failures.fail).toBe(1);
    // Not recorded as failed nor done: still running on its lease.
    expect(await statusOf('resilience-complete')).toEqual(['running']);

    now = new Date(now.getTime() + LOCK_MS + 1);
    await q.drain();
    expect(runs).toBe(2);
    expect(await statusOf('resilience-complete')).toEqual(['done']);
  });

  it('keeps a failed job whose failure could not be recorded', async () => {
    const flaky = new FlakyJobStore(new StoreJobAdapter(context().store));
    flaky.failures.fail = 1;
    let runs = 0;
    const q = start(flaky, {
      'resilience-fail': async () => {
        runs += 1;
        if (runs === 1) throw new Error('provider timed out');
      },
    });
    await q.enqueue('resilience-fail', {});
    await q.drain();
    expect(reported).toEqual([
      'provider timed out',
      expect.stringContaining('database is locked (fail)'),
    ]);
    expect(await statusOf('resilience-fail')).toEqual(['running']);

    now = new Date(now.getTime() + LOCK_MS + 1);
    await q.drain();
    expect(runs).toBe(2);
    expect(await statusOf('resilience-fail')).toEqual(['done']);
  });
});
