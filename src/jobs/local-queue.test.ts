import { afterEach, describe, expect, it } from 'vitest';
import type { JobBacklog, JobHandler } from './job-queue.js';
import type { ClaimedJob, JobStore } from './job-store.js';
import { JobLeaseLost, LocalJobQueue } from './local-queue.js';

// A short lease: the queue renews it every 100 real ms. The leases themselves are checked
// against a fake clock that only the tests move, and only after the queue has renewed at the
// current time, so that a loaded machine makes the tests slower, never wrong.
const LOCK_MS = 300;
const T0 = new Date('2026-03-01T12:00:00.000Z').getTime();
const WAIT_MS = 5_000;

interface StoredJob extends ClaimedJob {
  status: 'queued' | 'running' | 'done' | 'failed';
  runAt: number;
  lockedBy: string | null;
  lockedUntil: number | null;
}

/** The jobs table's lease rules, in memory (the repository's tests hold it to them). */
class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, StoredJob>();
  readonly renewals: { jobId: string; at: number }[] = [];
  /** Makes the next renewLease calls throw, as a database that is briefly away would. */
  failRenewals = 0;
  private ids = 0;

  /** When each name was last queued (tests may set it, as history kept from an earlier run). */
  readonly lastQueued = new Map<string, Date>();

  async lastQueuedAt(name: string): Promise<Date | null> {
    return this.lastQueued.get(name) ?? null;
  }

  async backlog(now: Date): Promise<JobBacklog[]> {
    const counts = new Map<string, JobBacklog>();
    for (const job of this.jobs.values()) {
      if (job.status === 'done') continue;
      const state =
        job.status === 'running'
          ? 'active'
          : job.status === 'failed'
            ? 'failed'
            : job.runAt <= now.getTime()
              ? 'waiting'
              : 'delayed';
      const key = `${job.name} ${state}`;
      const counted = counts.get(key) ?? { name: job.name, state, count: 0 };
      counted.count += 1;
      counts.set(key, counted);
    }
    return [...counts.values()];
  }

  async enqueue(job: Parameters<JobStore['enqueue']>[0]): Promise<string | null> {
    this.lastQueued.set(job.name, job.runAt);
    const id = `job-${++this.ids}`;
    this.jobs.set(id, {
      id,
      name: job.name,
      payload: job.payload,
      attempts: 0,
      maxAttempts: job.maxAttempts,
      status: 'queued',
      runAt: job.runAt.getTime(),
      lockedBy: null,
      lockedUntil: null,
    });
    return id;
  }

  async claimNext(workerId: string, now: Date, lockMs: number): Promise<ClaimedJob | null> {
    const due = [...this.jobs.values()].find(
      (job) =>
        (job.status === 'queued' && job.runAt <= now.getTime()) ||
        (job.status === 'running' && (job.lockedUntil ?? 0) < now.getTime()),
    );
    if (!due) return null;
    Object.assign(due, {
      status: 'running',
      attempts: due.attempts + 1,
      lockedBy: workerId,
      lockedUntil: now.getTime() + lockMs,
    });
    const { id, name, payload, attempts, maxAttempts } = due;
    return { id, name, payload, attempts, maxAttempts };
  }

  async renewLease(jobId: string, workerId: string, now: Date, lockMs: number): Promise<boolean> {
    if (this.failRenewals > 0) {
      this.failRenewals -= 1;
      throw new Error('connection refused');
    }
    const job = this.held(jobId, workerId);
    if (!job) return false;
    job.lockedUntil = now.getTime() + lockMs;
    this.renewals.push({ jobId, at: now.getTime() });
    return true;
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    const job = this.held(jobId, workerId);
    if (job) Object.assign(job, { status: 'done', lockedBy: null, lockedUntil: null });
  }

  async fail(jobId: string, workerId: string, _error: string, retryAt: Date | null) {
    const job = this.held(jobId, workerId);
    if (!job) return;
    const again = retryAt !== null && job.attempts < job.maxAttempts;
    Object.assign(job, {
      status: again ? 'queued' : 'failed',
      runAt: retryAt?.getTime() ?? job.runAt,
      lockedBy: null,
      lockedUntil: null,
    });
  }

  async release(jobId: string, workerId: string, now: Date) {
    const job = this.held(jobId, workerId);
    if (!job) return;
    Object.assign(job, {
      status: 'queued',
      attempts: Math.max(0, job.attempts - 1),
      runAt: now.getTime(),
      lockedBy: null,
      lockedUntil: null,
    });
  }

  private held(jobId: string, workerId: string): StoredJob | undefined {
    const job = this.jobs.get(jobId);
    return job?.status === 'running' && job.lockedBy === workerId ? job : undefined;
  }
}

/** Resolves once `condition` holds, or false after WAIT_MS of real time. */
async function waitUntil(condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** A handler's wait that the test ends, or the run's signal (a failed test stops the queue). */
function gate(): { wait: (signal: AbortSignal) => Promise<void>; release: () => void } {
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => (release = resolve));
  const wait = (signal: AbortSignal) =>
    Promise.race([
      opened,
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    ]);
  return { wait, release: () => release() };
}

describe('embedded job queue leases', () => {
  let now = T0;
  let store = new MemoryJobStore();
  let errors: unknown[] = [];
  const queues: LocalJobQueue[] = [];

  /** A queue on the shared store: another worker, or another process on the same database. */
  const open = (handlers: Record<string, JobHandler>) => {
    const queue = new LocalJobQueue(store, {
      concurrency: 2,
      pollIntervalMs: 10,
      lockMs: LOCK_MS,
      clock: () => new Date(now),
      onError: (error) => void errors.push(error),
    });
    queue.start(new Map(Object.entries(handlers)));
    queues.push(queue);
    return queue;
  };

  /** Moves the fake clock, then waits for the running job to renew its lease at the new time. */
  const advanceAndRenew = async (jobId: string, ms: number) => {
    now += ms;
    await waitUntil(() => store.renewals.some((r) => r.jobId === jobId && r.at === now));
  };

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    now = T0;
    store = new MemoryJobStore();
    errors = [];
  });

  it('runs a job that outlasts several leases exactly once, in this process and the next', async () => {
    let runs = 0;
    const { wait, release } = gate();
    const handlers: Record<string, JobHandler> = {
      'test-long': async (_payload, { signal }) => {
        runs += 1;
        await wait(signal);
      },
    };
    const first = open(handlers);
    const second = open(handlers);
    const jobId = (await first.enqueue('test-long', {}))!;
    expect(await waitUntil(() => runs === 1)).toBe(true);
    // Five lease lengths in all, two thirds of one at a time.
    for (let step = 0; step < 8; step++) {
      await advanceAndRenew(jobId, (LOCK_MS * 2) / 3);
      await first.poll();
      await second.poll();
      expect(runs).toBe(1);
    }
    release();
    expect(await waitUntil(() => store.jobs.get(jobId)?.status === 'done')).toBe(true);
    expect(runs).toBe(1);
    expect(errors).toEqual([]);
    // The job is over: so are its renewals.
    const renewed = store.renewals.length;
    await new Promise((resolve) => setTimeout(resolve, LOCK_MS));
    expect(store.renewals).toHaveLength(renewed);
  });

  it('aborts the signal of a job whose lease was taken over, which then records nothing', async () => {
    let seen: AbortSignal | null = null;
    open({
      'test-stolen': (_payload, { signal }) => {
        seen = signal;
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason as Error));
        });
      },
    });
    const jobId = (await queues[0]!.enqueue('test-stolen', {}))!;
    expect(await waitUntil(() => seen !== null)).toBe(true);
    // What another process's claim does once the lease ran out (a renewal came too late).
    Object.assign(store.jobs.get(jobId)!, { lockedBy: 'another-process', attempts: 2 });
    expect(await waitUntil(() => seen?.aborted === true)).toBe(true);
    expect(seen!.reason).toBeInstanceOf(JobLeaseLost);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(JobLeaseLost);
    expect((errors[0] as Error).message).toMatch(`job ${jobId} (test-stolen) lost its lease`);
    // The stopped run neither completed nor failed the job it no longer holds.
    await queues[0]!.stop();
    expect(store.jobs.get(jobId)).toMatchObject({
      status: 'running',
      lockedBy: 'another-process',
    });
  });

  it('reports a renewal that throws and renews at the next tick', async () => {
    let running = false;
    let aborted = false;
    const { wait, release } = gate();
    const queue = open({
      'test-flaky-db': async (_payload, { signal }) => {
        running = true;
        await wait(signal);
        aborted = signal.aborted;
      },
    });
    store.failRenewals = 1;
    const jobId = (await queue.enqueue('test-flaky-db', {}))!;
    expect(await waitUntil(() => running)).toBe(true);
    await advanceAndRenew(jobId, LOCK_MS / 2);
    expect(store.renewals.some((r) => r.at === now)).toBe(true);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(
      `could not renew the lease of job ${jobId} (test-flaky-db), retrying: connection refused`,
    );
    release();
    expect(await waitUntil(() => store.jobs.get(jobId)?.status === 'done')).toBe(true);
    expect(aborted).toBe(false);
  });

  it('stop aborts the running jobs and waits for them', async () => {
    let finished = false;
    const queue = open({
      'test-stop': (_payload, { signal }) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            finished = true;
            resolve();
          }),
        ),
    });
    const jobId = (await queue.enqueue('test-stop', {}))!;
    expect(await waitUntil(() => store.jobs.get(jobId)?.status === 'running')).toBe(true);
    await queue.stop();
    expect(finished).toBe(true);
    expect(store.jobs.get(jobId)?.status).toBe('done');
  });
});

describe('embedded schedules after downtime', () => {
  const queueAt = (store: MemoryJobStore, at: string) =>
    new LocalJobQueue(store, {
      concurrency: 1,
      pollIntervalMs: 10,
      lockMs: LOCK_MS,
      clock: () => new Date(at),
      onError: () => {},
    });
  const daily = { name: 'daily_cleanup', cron: '17 3 * * *' };
  const queuedNames = (store: MemoryJobStore) => [...store.jobs.values()].map((j) => j.name);

  it('fires once, at start, a daily task that was due while no process was running', async () => {
    const store = new MemoryJobStore();
    // Last fired yesterday at 03:17; the process was down at today's 03:17.
    store.lastQueued.set(daily.name, new Date('2026-03-01T03:17:00Z'));
    const queue = queueAt(store, '2026-03-02T09:00:00Z');
    await queue.schedule([daily]);
    await queue.stop();
    expect(queuedNames(store)).toEqual(['daily_cleanup']);
  });

  it('fires nothing when the last due time was fired, or when the task never ran', async () => {
    const fired = new MemoryJobStore();
    fired.lastQueued.set(daily.name, new Date('2026-03-02T03:17:00Z'));
    const fresh = new MemoryJobStore();
    for (const store of [fired, fresh]) {
      const queue = queueAt(store, '2026-03-02T09:00:00Z');
      await queue.schedule([daily]);
      await queue.stop();
      expect(queuedNames(store)).toEqual([]);
    }
  });
});
