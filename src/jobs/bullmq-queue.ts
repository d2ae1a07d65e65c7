/**
 * The scaled shape's job queue: BullMQ on Redis. Any number of processes enqueue, work and
 * schedule on one queue; the semantics are the embedded queue's (see job-queue.ts):
 *
 * - dedupe: BullMQ's deduplication id (no TTL) with keepLastIfActive: while a job with the key
 *   waits, another enqueue is a no-op; while it runs, one more is kept and started when it
 *   finishes, never beside it. BullMQ deletes the key when the job completes or fails for good,
 *   so a finished job never blocks a later enqueue. An enqueue that was deduplicated
 *   gets the pending job's id back from BullMQ instead of the one we proposed: that is how it
 *   returns null, unless its job was kept to run after the running one, which gets the proposed
 *   id; then it returns that id, as the embedded queue does. A delayed job it joined is moved
 *   forward to the time it asked, if sooner (bullmq-dedupe.ts). (A custom jobId would not do:
 *   finished jobs are kept a while and would block.)
 * - retries: one custom backoff strategy, exponential with jitter (backoff.ts); RetryLater is
 *   a failed attempt whose delay is "until its time", so the job moves to the delayed set and
 *   counts the attempt, exactly like the embedded queue. PermanentJobFailure becomes BullMQ's
 *   UnrecoverableError: no more attempts.
 * - schedules: BullMQ job schedulers, registered and kept in Redis by bullmq-schedulers.ts. A
 *   scheduler queues the next firing as soon as one starts; a firing that finds another run of
 *   its schedule active is skipped (schedule-lock.ts), so a slow task never runs beside itself.
 */
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import { readBacklog } from './bullmq-backlog.js';
import { addOptions, type JobData } from './bullmq-job-data.js';
import { ConnectionDrop } from './bullmq-cut-short.js';
import { settleDeduplicated } from './bullmq-dedupe.js';
import { BullMqSchedulers } from './bullmq-schedulers.js';
import {
  JobLeaseLost,
  PermanentJobFailure,
  QueueUnavailableError,
  RetryLater,
  assertValidSchedules,
  type EnqueueOptions,
  type JobErrorReporter,
  type JobHandler,
  type JobOutcome,
  type JobQueue,
  type Schedule,
  type WorkerOptions,
} from './job-queue.js';
import {
  isConnectionError,
  probe,
  RedisWatch,
  unavailableWhenLost,
  type RedisConnectionChange,
} from './redis-connection.js';
import { PingCheck } from './ping-check.js';
import { acquireScheduleLock } from './schedule-lock.js';
import { settlesWithin } from './time-bound.js';

// Still exported from here, as before the split: the queue's options name it (onSchedulesRestored).
export { SchedulersRestored } from './bullmq-schedulers.js';

/** Redis as /readyz sees it: answering, its connection down, or connected and not answering. */
export type RedisHealth = 'answering' | 'unreachable' | 'silent';

export interface BullMqQueueOptions {
  /** redis://[user:password@]host:port[/db] or rediss://... */
  url: string;
  /** The Redis key prefix: one per deployment (tests use one per test). */
  prefix: string;
  /** The BullMQ queue's name under the prefix; default "jobs". */
  queueName?: string;
  concurrency: number;
  onError: JobErrorReporter;
  /** Errors of the queue or worker that are not about the connection. */
  onConnectionError: (error: unknown) => void;
  /**
   * Redis lost, still lost (every reminderMs at most) and back: ioredis reconnects by itself,
   * and the failures of every attempt are told only through these (redis-connection.ts).
   */
  onConnectionChange?: (change: RedisConnectionChange) => void;
  /** How often a lasting outage is told again; default a minute. */
  reminderMs?: number;
  /** Only turns runAt and RetryLater's time into delays; BullMQ itself runs on the real clock. */
  clock?: () => Date;
  /** Retry waits; default DEFAULT_BACKOFF. */
  backoff?: BackoffOptions;
  random?: () => number;
  /** How long a running job's lock lasts between renewals; default BullMQ's 30 s. */
  lockDurationMs?: number;
  /** How often a scheduler process checks that its schedulers are in Redis; default a minute. */
  scheduleCheckMs?: number;
  /**
   * Told the schedules that were missing from Redis and have been registered again. Default:
   * onConnectionError, with a SchedulersRestored error naming them (Redis lost its data).
   */
  onSchedulesRestored?: (names: readonly string[]) => void;
  /** How long close waits for running jobs and Redis before it drops the connections. */
  closeTimeoutMs?: number;
  /** Told what close cut short when Redis did not let it finish in time. */
  onCloseCutShort?: (message: string) => void;
}

/** An enqueue is an API request's (or a webhook's): answered 503 rather than left waiting. */
export const ENQUEUE_TIMEOUT_MS = 5_000;
/** Jobs stop within seconds of their signal (ARCHITECTURE.md); well inside systemd's 90 s. */
export const CLOSE_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 50;
/** How long close waits for BullMQ to notice its dropped connections before it returns. */
const DROPPED_WAIT_MS = 1_000;
const NOT_ANSWERING = `Redis did not answer within ${ENQUEUE_TIMEOUT_MS / 1000} s`;
/** BullMQ's own default lock duration, also the lifetime of a schedule's run lock. */
const DEFAULT_LOCK_MS = 30_000;

export class BullMqJobQueue implements JobQueue {
  private readonly queueName: string;
  private readonly connection: Redis;
  private readonly queue: Queue<JobData, void, string>;
  private abort = new AbortController();
  private worker: Worker<JobData, void, string> | null = null;
  private workerConnection: Redis | null = null;
  private handlers: ReadonlyMap<string, JobHandler> = new Map();
  private workerOptions: WorkerOptions = {};
  /** The jobs this worker runs, by id: what a lost lock aborts. */
  private readonly running = new Map<string, { name: string; lease: AbortController }>();
  private readonly schedulers: BullMqSchedulers;
  private readonly watch: RedisWatch;
  private readonly pingCheck: PingCheck;
  /** Jobs by name and state, for the backlog metric: one script (bullmq-backlog.ts). */
  readonly backlog = () => readBacklog(this.connection, this.queue);
  /** An enqueue still unanswered past its bound: Redis hangs, and later ones fail at once. */
  private unanswered: Promise<unknown> | null = null;
  private readonly drop = new ConnectionDrop();

  private constructor(private readonly options: BullMqQueueOptions) {
    this.queueName = options.queueName ?? 'jobs';
    this.watch = new RedisWatch(
      (change) => options.onConnectionChange?.(change),
      options.reminderMs,
    );
    // Enqueueing (an API request) fails after a few retries rather than hang while Redis is away.
    this.connection = new Redis(options.url, { maxRetriesPerRequest: 3 });
    this.watchConnection(this.connection);
    this.queue = new Queue(this.queueName, { connection: this.connection, prefix: options.prefix });
    this.queue.on('error', this.reportError);
    this.schedulers = new BullMqSchedulers(this.queue, this.connection, options);
    this.pingCheck = new PingCheck(() => this.connection.ping());
  }

  /** Whether the queue's connection to Redis is up. */
  reachable(): boolean {
    const worker = this.workerConnection;
    return this.connection.status === 'ready' && (!worker || worker.status === 'ready');
  }

  /** For /readyz: the connections up, and Redis answering a PING in time (ping-check.ts). */
  async health(): Promise<RedisHealth> {
    if (!this.reachable()) return 'unreachable';
    return (await this.pingCheck.answers()) ? 'answering' : 'silent';
  }

  /** Its failures go to the watch (listened to first, before BullMQ's own listener re-emits). */
  private watchConnection(connection: Redis): void {
    connection.on('error', (error: unknown) => this.watch.failed(error));
    connection.on('ready', () => this.watch.ready());
  }

  /** The queue's and worker's errors: the connection's to the watch, the others as they come. */
  private readonly reportError = (error: unknown): void => {
    if (this.watch.down || isConnectionError(error)) this.watch.failed(error);
    else this.options.onConnectionError(error);
  };

  /** Checks that Redis answers, then opens the queue; throws QueueUnavailableError if not. */
  static async connect(options: BullMqQueueOptions): Promise<BullMqJobQueue> {
    await probe(options.url);
    return new BullMqJobQueue(options);
  }

  async enqueue(
    name: string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    // Known to be away: an API request answers 503 at once rather than wait for three retries.
    if (this.watch.down) throw new QueueUnavailableError('Redis is not reachable');
    if (this.unanswered) throw new QueueUnavailableError(NOT_ANSWERING);
    const adding = this.add(name, payload, options);
    if (await settlesWithin(adding, ENQUEUE_TIMEOUT_MS)) return adding;
    // Left to finish when Redis answers again (the job is then queued after the caller's 503,
    // which a retry may queue again: a sync or detection run twice is harmless).
    const done = () => {
      if (this.unanswered === adding) this.unanswered = null;
    };
    this.unanswered = adding;
    void adding.then(done, done);
    throw new QueueUnavailableError(NOT_ANSWERING);
  }

  private async add(name: string, payload: unknown, options: EnqueueOptions) {
    const jobId = randomUUID();
    const delayMs = options.runAt ? options.runAt.getTime() - this.now() : 0;
    const data = { payload, orgId: options.orgId ?? null };
    const job = await unavailableWhenLost(() =>
      this.queue.add(name, data, addOptions(jobId, delayMs, options)),
    );
    if (job.id === jobId) return jobId;
    const { dedupeKey } = options;
    const on = { queue: this.queue, redis: this.connection };
    return unavailableWhenLost(() =>
      settleDeduplicated(on, { proposedId: jobId, joinedId: job.id, dedupeKey, delayMs }),
    );
  }

  start(handlers: ReadonlyMap<string, JobHandler>, options: WorkerOptions = {}): void {
    if (this.worker) throw new Error('the job queue is already started');
    // Started again after stop: the signal stop aborted must not abort every job of the new run.
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.handlers = handlers;
    this.workerOptions = options;
    // BullMQ's blocking worker connection must retry forever: maxRetriesPerRequest null.
    this.workerConnection = new Redis(this.options.url, { maxRetriesPerRequest: null });
    this.watchConnection(this.workerConnection);
    this.worker = new Worker<JobData, void, string>(
      this.queueName,
      (job, token, signal) => this.run(job, token, signal),
      {
        connection: this.workerConnection,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        ...(this.options.lockDurationMs ? { lockDuration: this.options.lockDurationMs } : {}),
        settings: {
          backoffStrategy: (attemptsMade, _type, error) => this.delay(attemptsMade, error),
        },
      },
    );
    this.drop.guard(this.worker);
    this.worker.on('error', this.reportError);
    // BullMQ only reports a lock it could not renew; the job may then be handed to another
    // worker as stalled, so this run must stop (as the embedded queue's does).
    this.worker.on('lockRenewalFailed', (jobIds) => this.cancelLostJobs(jobIds));
  }

  private cancelLostJobs(jobIds: readonly string[]): void {
    for (const jobId of jobIds) {
      const running = this.running.get(jobId);
      if (!running) continue;
      const reason = new JobLeaseLost(`job ${jobId} lost its lock; another worker may run it`);
      this.options.onError(reason, { id: jobId, name: running.name });
      running.lease.abort(reason);
    }
  }

  async schedule(schedules: readonly Schedule[]): Promise<void> {
    assertValidSchedules(schedules);
    await this.schedulers.register(schedules);
  }

  /**
   * Waits until no job of the queue, from any process, is waiting or running (a retry waiting
   * for its time is not counted). It needs a started worker somewhere, or it waits for ever.
   */
  async drain(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'active');
      if (Object.values(counts).every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    // Not forced: BullMQ waits for the running jobs, which see the aborted signal.
    await this.worker?.close();
    this.worker = null;
    await this.workerConnection?.quit().catch(() => {});
    this.workerConnection = null;
  }

  /**
   * Waits for the running jobs and QUITs Redis; a Redis that answers nothing would have the
   * shutdown wait for ever, so past closeTimeoutMs the connections are dropped instead.
   */
  async close(): Promise<void> {
    const closing = this.closeGracefully();
    const timeoutMs = this.options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS;
    if (await settlesWithin(closing, timeoutMs)) return closing;
    this.options.onCloseCutShort?.(
      `the job queue did not close within ${timeoutMs / 1000} s (Redis not answering, or a job not stopping): its Redis connections were dropped; a job still running goes to another worker when its lock expires`,
    );
    const { connection, worker, workerConnection } = this;
    this.drop.drop({ connection, worker, workerConnection });
    // Dropped connections fail what waited on them; BullMQ's close then settles, or is left.
    await settlesWithin(closing, DROPPED_WAIT_MS);
  }

  private async closeGracefully(): Promise<void> {
    await this.schedulers.close();
    await this.stop();
    // BullMQ's check of a shared connection (its Redis version) may still be under way: closed
    // now, the queue drops its listeners, our QUIT then fails that check, and the failure is
    // emitted with nobody listening: an uncaught "Connection is closed" (a CLI command that
    // fails at once). Once the check is over, closing drops nothing in flight.
    await this.queue.waitUntilReady().catch(() => {});
    await this.queue.close();
    await this.connection.quit().catch(() => {});
  }

  /**
   * A firing of a schedule runs only if no other run of that schedule is active (any process);
   * otherwise it is skipped and completes at once, the embedded queue's no-op firing.
   */
  private async run(
    job: Job<JobData, void, string>,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const schedule = job.repeatJobKey;
    if (!schedule) return this.runHandler(job, token, signal);
    const lock = await acquireScheduleLock(
      this.connection,
      this.queue.toKey(`schedule-run:${schedule}`),
      this.options.lockDurationMs ?? DEFAULT_LOCK_MS,
    );
    if (!lock) return;
    try {
      await this.runHandler(job, token, signal);
    } finally {
      await lock.release();
    }
  }

  private async runHandler(
    job: Job<JobData, void, string>,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    // Captured now: a start after stop replaces the controller, and this run must see its own.
    const stopping = this.abort.signal;
    // A closing worker's last fetch may still hand it a job, even the one it just gave back.
    if (stopping.aborted && token) return this.giveBack(job, token);
    const handler = this.handlers.get(job.name);
    const lease = new AbortController();
    const jobId = job.id ?? '';
    this.running.set(jobId, { name: job.name, lease });
    const signals = [this.abort.signal, lease.signal, ...(signal ? [signal] : [])];
    try {
      if (!handler) throw new PermanentJobFailure(`no handler for job ${job.name}`);
      await handler(job.data.payload, {
        jobId,
        attempt: job.attemptsStarted,
        signal: AbortSignal.any(signals),
      });
      this.reportOutcome(job, lease.signal, 'done');
    } catch (error) {
      if (stopping.aborted && token && !lease.signal.aborted) return this.giveBack(job, token);
      this.options.onError(error, { id: job.id ?? null, name: job.name });
      this.reportOutcome(job, lease.signal, failedOutcome(job, error));
      if (error instanceof PermanentJobFailure) throw new UnrecoverableError(error.message);
      // The backoff strategy below reads RetryLater's time from the very error thrown here.
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      this.running.delete(jobId);
    }
  }

  /**
   * A job the shutdown stopped did nothing wrong: it goes back to waiting with no failed attempt
   * counted (the embedded queue's release), so the next worker runs it; a schedule's firing has
   * only one attempt and would otherwise be lost. WaitingError tells BullMQ it was moved.
   */
  private async giveBack(job: Job<JobData, void, string>, token: string): Promise<never> {
    await job.moveToWait(token);
    throw new WaitingError();
  }

  /** Not for a run whose lock was lost: the job is another worker's, which reports it. */
  private reportOutcome(job: Job<JobData, void, string>, lease: AbortSignal, outcome: JobOutcome) {
    if (lease.aborted) return;
    try {
      this.workerOptions.onOutcome?.(outcome, { id: job.id ?? '', name: job.name });
    } catch {
      // A broken metric is not the job's failure.
    }
  }

  /** BullMQ's custom backoff strategy: called with the failed attempts so far (1 after the first). */
  private delay(attemptsMade: number, error: Error | undefined): number {
    if (error instanceof RetryLater) return Math.max(0, error.at.getTime() - this.now());
    return retryDelayMs(attemptsMade, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
  }

  private now(): number {
    return this.options.clock ? this.options.clock().getTime() : Date.now();
  }
}

/** BullMQ's own rule (Job.shouldRetryJob): another attempt unless unrecoverable or the last. */
function failedOutcome(job: Job<JobData, void, string>, error: unknown): JobOutcome {
  if (error instanceof PermanentJobFailure) return 'failed';
  return job.attemptsMade + 1 < (job.opts.attempts ?? 1) ? 'retried' : 'failed';
}
