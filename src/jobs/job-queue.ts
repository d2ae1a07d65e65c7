/** The job queue port: the embedded shape keeps jobs in the database, the scaled shape in Redis. */

export interface EnqueueOptions {
  runAt?: Date;
  /** A job with the same key already waiting or running makes this enqueue a no-op. */
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

export interface JobQueue {
  /** Returns the job id, or null when a job with the same dedupe key is already pending. */
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<string | null>;
  /** Starts working jobs with the given handlers (a worker role); returns at once. */
  start(handlers: ReadonlyMap<string, JobHandler>): void;
  /** Stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}
