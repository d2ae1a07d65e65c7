/**
 * The embedded job queue: jobs live in the database's jobs table and in-process workers poll it,
 * so queued work survives a restart and needs no Redis. Schedules fire from timers in the
 * scheduler's process (cron-schedules.ts), each firing an enqueue with a dedupe key.
 *
 * A claimed job is leased for `lockMs`, and the lease is renewed every third of it while the
 * handler runs: only a crashed worker's job is claimed again, never a slow one (a first sync of
 * a huge calendar, a big ICS import), which would otherwise run twice at once. A renewal the
 * store refuses means the job was claimed again (or given up): the run's signal aborts, and the
 * run records nothing.
 *
 * The database may fail any call (SQLITE_BUSY while the CLI holds the write lock, PostgreSQL
 * restarting). A failed claim is reported and the next poll tries again; a completion or failure
 * that cannot be recorded is reported and the job is left running on its lease, which runs out and
 * lets the job be claimed again: it runs once more rather than being lost (at least once).
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import { missedCronSchedules, startTimers } from './cron-schedules.js';
import {
  JobLeaseLost,
  PermanentJobFailure,
  RetryLater,
  assertValidSchedules,
  type EnqueueOptions,
  type JobBacklog,
  type JobErrorReporter,
  type JobHandler,
  type JobOutcome,
  type JobQueue,
  type Schedule,
  type WorkerOptions,
} from './job-queue.js';
import type { ClaimedJob, JobStore } from './job-store.js';

export { JobLeaseLost };

export interface LocalQueueOptions {
  concurrency: number;
  pollIntervalMs: number;
  /**
   * How long a claimed job stays locked before another worker may take it (a crashed worker);
   * a running job's lease is renewed every third of it.
   */
  lockMs: number;
  clock: () => Date;
  onError: JobErrorReporter;
  /** Retry waits; default DEFAULT_BACKOFF. */
  backoff?: BackoffOptions;
  /** The source of the backoff's jitter (tests pin it); default Math.random. */
  random?: () => number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/** A running job's hold on its lease: the run's signal, and the renewals to end with the run. */
interface Lease {
  signal: AbortSignal;
  lost(): boolean;
  release(): void;
}

export class LocalJobQueue implements JobQueue {
  private readonly workerId = `local-${randomUUID()}`;
  private claims = 0;
  private readonly running = new Set<Promise<void>>();
  private abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private handlers: ReadonlyMap<string, JobHandler> = new Map();
  private worker: WorkerOptions = {};
  private filling: Promise<void> | null = null;
  private stopTimers: () => void = () => {};

  constructor(
    private readonly store: JobStore,
    private readonly options: LocalQueueOptions,
  ) {}

  enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
    const queued = this.store.enqueue({
      name,
      payload,
      runAt: options.runAt ?? this.options.clock(),
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      dedupeKey: options.dedupeKey ?? null,
      orgId: options.orgId ?? null,
    });
    // Wake the workers instead of waiting for the next poll.
    if (this.timer) setImmediate(() => void this.poll());
    return queued;
  }

  start(handlers: ReadonlyMap<string, JobHandler>, options: WorkerOptions = {}): void {
    // Started again after stop: the signal stop aborted must not keep the new run from working.
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.handlers = handlers;
    this.worker = options;
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
    void this.poll();
  }

  /**
   * Fires the schedules from timers, and once, at once, each cron schedule whose last due time
   * passed while no process was there to fire it (a daily task due during a restart or a night
   * the laptop was off); BullMQ keeps such a firing in Redis, timers in a stopped process do not.
   */
  async schedule(schedules: readonly Schedule[]): Promise<void> {
    assertValidSchedules(schedules);
    this.stopTimers();
    const fire = (schedule: Schedule) => this.fire(schedule);
    this.stopTimers = startTimers(schedules, fire);
    const missed = await missedCronSchedules(schedules, this.options.clock(), (name) =>
      this.store.lastQueuedAt(name),
    ).catch((error: unknown) => {
      this.options.onError(error, { id: null, name: 'schedule catch-up' });
      return [];
    });
    for (const schedule of missed) await fire(schedule);
  }

  private async fire(schedule: Schedule): Promise<void> {
    try {
      await this.enqueue(schedule.name, schedule.payload ?? null, {
        // A firing still waiting or running makes the next one a no-op instead of a pile-up.
        dedupeKey: `schedule:${schedule.name}`,
        maxAttempts: schedule.maxAttempts ?? 1,
      });
    } catch (error) {
      this.options.onError(error, { id: null, name: schedule.name });
    }
  }

  async stop(): Promise<void> {
    this.stopTimers();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.filling;
    await Promise.allSettled([...this.running]);
  }

  /** The jobs live in the store, which its owner closes. */
  close(): Promise<void> {
    return this.stop();
  }

  /** Counted in the jobs table: queued ones due now wait, those due later are delayed. */
  backlog(): Promise<JobBacklog[]> {
    return this.store.backlog(this.options.clock());
  }

  /**
   * Fills free worker slots with due jobs; concurrent callers share the one fill in flight. Never
   * rejects (a failed claim is reported), since timers and completions call it unawaited.
   */
  poll(): Promise<void> {
    this.filling ??= this.fill().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  /** Waits until no job is running and none is due (tests and the CLI use this). */
  async drain(): Promise<void> {
    for (;;) {
      // The first poll may be one that started before the latest enqueue; the second is fresh.
      await this.poll();
      await this.poll();
      if (this.running.size === 0) return;
      await Promise.race([...this.running]);
    }
  }

  private async fill(): Promise<void> {
    while (this.running.size < this.options.concurrency && !this.abort.signal.aborted) {
      // Each claim holds the lease under an id of its own: if this process ever claims a job
      // again after its lease ran out, the earlier run's renewals and completion are refused
      // instead of passing for the new run's.
      const holder = `${this.workerId}/${++this.claims}`;
      let job: ClaimedJob | null;
      try {
        job = await this.store.claimNext(holder, this.options.clock(), this.options.lockMs);
      } catch (error) {
        // The next poll (the interval, an enqueue, a finished job) tries again.
        this.options.onError(
          new Error(`could not claim a job, polling again later: ${messageOf(error)}`, {
            cause: error,
          }),
          { id: null, name: 'poll' },
        );
        return;
      }
      if (!job) return;
      const run = this.run(job, holder).finally(() => {
        this.running.delete(run);
        // A job that waited for this one (the same dedupe key) can start now, not at the next
        // poll: a push notification during a sync is synced right after it.
        if (this.timer) setImmediate(() => void this.poll());
      });
      this.running.add(run);
    }
  }

  /** Runs a claimed job and records how it ended; never rejects (nobody awaits it). */
  private async run(job: ClaimedJob, holder: string): Promise<void> {
    // Captured now: a start after stop replaces the controller, and this run must see its own.
    const stopping = this.abort.signal;
    const lease = this.holdLease(job, holder);
    let failure: { error: unknown } | null = null;
    try {
      const handler = this.handlers.get(job.name);
      if (!handler) throw new PermanentJobFailure(`no handler for job ${job.name}`);
      await handler(job.payload, { jobId: job.id, attempt: job.attempts, signal: lease.signal });
    } catch (error) {
      failure = { error };
    } finally {
      // Renewals end before the job is recorded: one refused because the job is done by then
      // must not pass for a lost lease.
      lease.release();
    }
    if (lease.lost()) {
      // The job is another worker's now, and the loss was reported when it was found; the
      // handler giving up on the aborted signal is that loss, anything else is news.
      if (failure && failure.error !== lease.signal.reason)
        this.options.onError(failure.error, job);
      return;
    }
    if (failure && stopping.aborted) return this.giveBack(job, holder);
    if (failure) this.options.onError(failure.error, job);
    try {
      this.reportOutcome(job, await this.record(job, holder, failure));
    } catch (error) {
      // Not lost: the job stays running on a lease nobody renews, so it is claimed again once
      // the lease runs out and runs once more (failed for good if that was its last attempt).
      this.options.onError(
        new Error(
          `could not record that job ${job.id} (${job.name}) ${failure ? 'failed' : 'completed'}, ` +
            `so it runs again when its lease runs out: ${messageOf(error)}`,
          { cause: error },
        ),
        job,
      );
    }
  }

  /**
   * A job the shutdown stopped did nothing wrong: it is given back with its attempt not counted,
   * so the next start runs it (a schedule's firing has only one attempt and would be lost). Its
   * handler's error is the stop itself, not news. If the job cannot be given back, its lease runs
   * out and it is claimed again, at the cost of that attempt.
   */
  private async giveBack(job: ClaimedJob, holder: string): Promise<void> {
    try {
      await this.store.release(job.id, holder, this.options.clock());
    } catch (error) {
      this.options.onError(
        new Error(
          `could not give back job ${job.id} (${job.name}) stopped by the shutdown, so it runs ` +
            `again when its lease runs out: ${messageOf(error)}`,
          { cause: error },
        ),
        job,
      );
    }
  }

  /**
   * Renews the job's lease every third of lockMs until released, and gives the run a signal
   * that aborts when the queue stops or when a renewal is refused (the lease was taken over).
   * A renewal that throws (the database briefly away) is reported and tried again at the next
   * tick: two more chances before the lease runs out.
   */
  private holdLease(job: ClaimedJob, holder: string): Lease {
    const { lockMs, clock, onError } = this.options;
    const controller = new AbortController();
    const stopping = this.abort.signal;
    const onStop = () => controller.abort(stopping.reason);
    if (stopping.aborted) onStop();
    else stopping.addEventListener('abort', onStop, { once: true });
    let released = false;
    let lost = false;
    let renewing = false;
    const renew = async () => {
      if (renewing || released) return;
      renewing = true;
      try {
        const held = await this.store.renewLease(job.id, holder, clock(), lockMs);
        if (held || released) return;
        lost = true;
        clearInterval(timer);
        const error = new JobLeaseLost(
          `job ${job.id} (${job.name}) lost its lease: it ran out before a renewal and the job ` +
            `was claimed again or given up, so this run stops and records nothing`,
        );
        onError(error, job);
        controller.abort(error);
      } catch (error) {
        if (!released) {
          onError(
            new Error(
              `could not renew the lease of job ${job.id} (${job.name}), retrying: ` +
                messageOf(error),
              { cause: error },
            ),
            job,
          );
        }
      } finally {
        renewing = false;
      }
    };
    const timer = setInterval(() => void renew(), Math.max(1, Math.floor(lockMs / 3)));
    timer.unref();
    return {
      signal: controller.signal,
      lost: () => lost,
      release: () => {
        released = true;
        clearInterval(timer);
        stopping.removeEventListener('abort', onStop);
      },
    };
  }

  private async record(
    job: ClaimedJob,
    holder: string,
    failure: { error: unknown } | null,
  ): Promise<JobOutcome> {
    if (!failure) {
      await this.store.complete(job.id, holder);
      return 'done';
    }
    const retryAt = this.retryAt(failure.error, job);
    await this.store.fail(job.id, holder, messageOf(failure.error), retryAt);
    return retryAt ? 'retried' : 'failed';
  }

  /** A reporter that throws must not pass for a failure to record the job. */
  private reportOutcome(job: ClaimedJob, outcome: JobOutcome): void {
    try {
      this.worker.onOutcome?.(outcome, { id: job.id, name: job.name });
    } catch {
      // The job is recorded; a broken metric is not the job's failure.
    }
  }

  private retryAt(error: unknown, job: ClaimedJob): Date | null {
    if (error instanceof PermanentJobFailure || job.attempts >= job.maxAttempts) return null;
    if (error instanceof RetryLater) return error.at;
    const delay = retryDelayMs(
      job.attempts,
      this.options.backoff ?? DEFAULT_BACKOFF,
      this.options.random,
    );
    return new Date(this.options.clock().getTime() + delay);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
