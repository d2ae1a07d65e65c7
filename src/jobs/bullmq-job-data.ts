/** What the BullMQ adapter's jobs carry and how long BullMQ keeps them, for jobs and schedules. */
import type { JobsOptions, KeepJobs } from 'bullmq';
import type { EnqueueOptions } from './job-queue.js';

/** What a BullMQ job carries: the payload, and the organisation it is labelled with. */
export interface JobData {
  payload: unknown;
  orgId: string | null;
}

/** The one custom backoff strategy's name (the worker's backoffStrategy reads every job's). */
export const BACKOFF_TYPE = 'calintel';
// Finished jobs stay a while for inspection; BullMQ trims them as new ones finish.
export const KEEP_DONE: KeepJobs = { age: 24 * 3600, count: 1000 };
export const KEEP_FAILED: KeepJobs = { age: 7 * 24 * 3600, count: 10_000 };

const DEFAULT_MAX_ATTEMPTS = 5;

/** BullMQ's options for a job enqueued under `jobId`, to start in `delayMs` (0 or less: now). */
export function addOptions(jobId: string, delayMs: number, options: EnqueueOptions): JobsOptions {
  return {
    jobId,
    delay: Math.max(0, delayMs),
    attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoff: { type: BACKOFF_TYPE },
    // keepLastIfActive: while the key's job runs, one more waits and starts after it, never
    // beside it (a change seen during a sync gets a sync of its own).
    ...(options.dedupeKey
      ? { deduplication: { id: options.dedupeKey, keepLastIfActive: true } }
      : {}),
    removeOnComplete: KEEP_DONE,
    removeOnFail: KEEP_FAILED,
  };
}
