/** What the embedded job queue needs from the database; src/app adapts the Store to it. */
import type { JobBacklog } from './job-queue.js';

export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface JobStore {
  enqueue(job: {
    name: string;
    payload: unknown;
    runAt: Date;
    maxAttempts: number;
    dedupeKey: string | null;
    orgId: string | null;
  }): Promise<string | null>;
  /** Atomically takes the next due job, so that two workers never run the same one. */
  claimNext(workerId: string, now: Date, lockMs: number): Promise<ClaimedJob | null>;
  /**
   * Extends the lease of a job `workerId` is running to `now + lockMs`; false when it no longer
   * holds the job (done, failed, or claimed by another worker after its lease ran out).
   */
  renewLease(jobId: string, workerId: string, now: Date, lockMs: number): Promise<boolean>;
  /** Only the worker holding the job's lease can complete or fail it. */
  complete(jobId: string, workerId: string): Promise<void>;
  /** Records a failure; with `retryAt` the job waits and runs again, else it is failed for good. */
  fail(jobId: string, workerId: string, error: string, retryAt: Date | null): Promise<void>;
  /**
   * Gives back a job its worker stopped before its end (a shutdown): due again at `now`, its
   * attempt not counted.
   */
  release(jobId: string, workerId: string, now: Date): Promise<void>;
  /** When a job named `name` was last queued (null: none kept); a schedule's catch-up reads it. */
  lastQueuedAt(name: string): Promise<Date | null>;
  /** Jobs by name and state (the backlog metric): queued ones due after `now` are delayed. */
  backlog(now: Date): Promise<JobBacklog[]>;
}
