/** The job queue port: the embedded shape keeps jobs in the database, the scaled shape in Redis. */

export interface EnqueueOptions {
  runAt?: Date;
  /**
   * A job with the same key already waiting makes this enqueue a no-op. While one runs, one
   * more may wait; it starts when the running one finishes, never beside it.
   */
  dedupeKey?: string;
  maxAttempts?: number;
  orgId?: string;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  signal: AbortSignal;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** Thrown by a handler to ask for a retry at a given time instead of the default backoff. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
  constructor(
    message: string,
    readonly at: Date,
  ) {
    super(message);
  }
}

/** Thrown by a handler when retrying cannot help (bad payload, revoked access). */
export class PermanentJobFailure extends Error {
  override readonly name = 'PermanentJobFailure';
}

/**
 * The abort reason of a running job whose lease (lock) was lost: the queue may hand the job to
 * another worker, so this run must stop writing. Both adapters abort the handler's signal with it.
 */
export class JobLeaseLost extends Error {
  override readonly name = 'JobLeaseLost';
}

/**
 * A recurring task: at each firing a job named `name` is queued with `payload`, and a worker runs
 * it with the handler of that name. The name is also the schedule's identity: registering it
 * again replaces it. Cron expressions have 5 fields, or 6 with seconds first, and run in UTC.
 */
export type Schedule = {
  name: string;
  payload?: unknown;
  /** Attempts per firing; default 1, because the next firing is the retry. */
  maxAttempts?: number;
} & ({ cron: string; everyMs?: never } | { everyMs: number; cron?: never });

export interface JobQueue {
  /** Returns the job id, or null when a job with the same dedupe key is already pending. */
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string | null>;
  /** Starts working jobs with the given handlers (a worker role); returns at once. */
  start(handlers: ReadonlyMap<string, JobHandler>, options?: WorkerOptions): void;
  /**
   * Makes these recurring tasks fire from now on (the scheduler role), and forgets schedules
   * registered before under other names. Several schedulers registering the same schedules fire
   * each task once per due time where the adapter shares state (BullMQ), not once per process.
   */
  schedule(schedules: readonly Schedule[]): Promise<void>;
  /** Waits until no job is running and none is due (tests and the CLI use this). */
  drain(): Promise<void>;
  /**
   * Stops taking jobs, aborts the handlers' signal and waits for the running jobs. The embedded
   * adapter also stops firing schedules; BullMQ keeps them in Redis for the other processes.
   */
  stop(): Promise<void>;
  /** Stops, then releases connections; the queue cannot be used afterwards. */
  close(): Promise<void>;
  /**
   * How many jobs of each name wait (due now), run, wait for a later time, or failed for good and
   * are still kept; for the backlog metric, read at each scrape, so it must stay cheap.
   */
  backlog(): Promise<JobBacklog[]>;
}

/** The states a backlog is counted in: BullMQ's names for them. */
export const BACKLOG_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type BacklogState = (typeof BACKLOG_STATES)[number];

/** Jobs named `name` in `state`; a name without jobs in a state is left out. */
export interface JobBacklog {
  name: string;
  state: BacklogState;
  count: number;
}

/**
 * How an attempt of a job ended: done, failed with another attempt to come (retried), or failed
 * for good. A run that lost its lease has no outcome here (the job is another worker's now), nor
 * has a schedule's firing skipped because the schedule was already running.
 */
export type JobOutcome = 'done' | 'retried' | 'failed';

export interface WorkerOptions {
  /** Told each attempt's outcome as it ends (the jobs metric); a throw is ignored. */
  onOutcome?: (outcome: JobOutcome, job: { id: string; name: string }) => void;
}

/**
 * Hears about every failed attempt (the queue retries or gives up by itself) and every schedule
 * that failed to fire; `id` is null for the latter.
 */
export type JobErrorReporter = (error: unknown, job: { id: string | null; name: string }) => void;

/** Throws on schedules that no adapter could run: a duplicate name, a non-positive interval. */
export function assertValidSchedules(schedules: readonly Schedule[]): void {
  const names = new Set<string>();
  for (const schedule of schedules) {
    if (names.has(schedule.name)) throw new Error(`schedule ${schedule.name} is registered twice`);
    names.add(schedule.name);
    if (
      schedule.everyMs !== undefined &&
      !(Number.isInteger(schedule.everyMs) && schedule.everyMs > 0)
    )
      throw new Error(`schedule ${schedule.name}: everyMs must be a positive integer`);
  }
}

/**
 * Thrown when the queue's backing service (Redis) cannot be reached: at start (connect's probe),
 * and by enqueue while Redis is away (redis-connection.ts), which the API answers with 503
 * `unavailable` (api/unavailability.ts) rather than a 500.
 */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}
