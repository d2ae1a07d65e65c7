/** What the BullMQ adapter's jobs carry and how long BullMQ keeps them, for jobs and schedules. */
import type { KeepJobs } from 'bullmq';

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
