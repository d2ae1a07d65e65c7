/**
 * The embedded job queue: jobs live in the database's jobs table and in-process workers poll it,
 * so queued work survives a restart and needs no Redis. Schedules fire from timers in the
 * scheduler's process (cron-schedules.ts), each firing an enqueue with a dedupe key.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import { startTimers } from './cron-schedules.js';
import {
  PermanentJobFailure,
  RetryLater,
  assertValidSchedules,
  type EnqueueOptions,
  type JobErrorReporter,
  type JobHandler,
  type JobQueue,
  type Schedule,
} from './job-queue.js';
import type { ClaimedJob, JobStore } from './job-store.js';

export interface LocalQueueOptions {
  concurrency: number;
  pollIntervalMs: number;
  /** How long a claimed job stays locked before another worker may take it (a crashed worker). */
  lockMs: number;
  clock: () => Date;
  onError: JobErrorReporter;
  /** Retry waits; default DEFAULT_BACKOFF. */
  backoff?: BackoffOptions;
  /** The source of the backoff's jitter (tests pin it); default Math.random. */
  random?: () => number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

export class LocalJobQueue implements JobQueue {
  private readonly workerId = `local-${randomUUID()}`;
  private readonly running = new Set<Promise<void>>();
  private abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private handlers: ReadonlyMap<string, JobHandler> = new Map();
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

  start(handlers: ReadonlyMap<string, JobHandler>): void {
    // Started again after stop: the signal stop aborted must not keep the new run from working.
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.handlers = handlers;
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
    void this.poll();
  }

  async schedule(schedules: readonly Schedule[]): Promise<void> {
    assertValidSchedules(schedules);
    this.stopTimers();
    this.stopTimers = startTimers(schedules, async (schedule) => {
      try {
        await this.enqueue(schedule.name, schedule.payload ?? null, {
          // A firing still waiting or running makes the next one a no-op instead of a pile-up.
          dedupeKey: `schedule:${schedule.name}`,
          maxAttempts: schedule.maxAttempts ?? 1,
        });
      } catch (error) {
        this.options.onError(error, { id: null, name: schedule.name });
      }
    });
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

  /** Fills free worker slots with due jobs; concurrent callers share the one fill in flight. */
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
      const job = await this.store.claimNext(
        this.workerId,
        this.options.clock(),
        this.options.lockMs,
      );
      if (!job) return;
      const run = this.run(job).finally(() => {
        this.running.delete(run);
        // A job that waited for this one (the same dedupe key) can start now, not at the next
        // poll: a push notification during a sync is synced right after it.
        if (this.timer) setImmediate(() => void this.poll());
      });
      this.running.add(run);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const handler = this.handlers.get(job.name);
    try {
      if (!handler) throw new PermanentJobFailure(`no handler for job ${job.name}`);
      await handler(job.payload, {
        jobId: job.id,
        attempt: job.attempts,
        signal: this.abort.signal,
      });
      await this.store.complete(job.id, this.workerId);
    } catch (error) {
      this.options.onError(error, job);
      await this.store.fail(job.id, this.workerId, messageOf(error), this.retryAt(error, job));
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
