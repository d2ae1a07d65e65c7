/**
 * What an enqueue that BullMQ deduplicated joined, and what it does to the job it joined.
 *
 * BullMQ answers a deduplicated add with the key's pending job's id instead of the one we proposed,
 * unless it kept the add to start after the key's running job (keepLastIfActive), which gets the
 * proposed id. A delayed job it joined runs no later than the enqueue asked, as on the embedded
 * queue (store/jobs.repository.ts runNoLaterThan): a sync retried later because its calendar was
 * busy must not hold back the sync a user asks for now. BullMQ keeps the delayed job's delay (and
 * its "replace" mode would move a job later too), so the adapter moves it itself. A later time
 * asked changes nothing: coalescing delayed jobs keep the first one's time.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobData } from './bullmq-job-data.js';

/** The adapter's queue and the connection it was opened on. */
export interface QueueOnRedis {
  queue: Queue<JobData, void, string>;
  redis: Redis;
}

/**
 * BullMQ's delayed set scores a job by its due time in ms times 0x1000, the low 12 bits a counter
 * that orders jobs due in the same millisecond (its getDelayedScore.lua).
 */
const DELAYED_SCORE_FACTOR = 0x1000;

/** What one add of the adapter asked and what BullMQ answered. */
export interface DeduplicatedAdd {
  /** The id the add proposed. */
  proposedId: string;
  /** The id BullMQ answered with (the key's pending or running job's), when it differs. */
  joinedId: string | undefined;
  dedupeKey: string | undefined;
  /** The add's delay from now; 0 or less is now. */
  delayMs: number;
}

/**
 * The id an enqueue BullMQ deduplicated returns: the proposed one when BullMQ kept it to start
 * after the key's running job; else null, after moving the delayed job it joined forward if the
 * enqueue asked for a sooner time.
 */
export async function settleDeduplicated(
  on: QueueOnRedis,
  add: DeduplicatedAdd,
): Promise<string | null> {
  if (add.dedupeKey && (await keptForLater(on, add.dedupeKey, add.proposedId))) {
    return add.proposedId;
  }
  if (add.joinedId) await runNoLaterThan(on, add.joinedId, add.delayMs);
  return null;
}

/**
 * Whether BullMQ kept the deduplicated job to start after the key's running one
 * (keepLastIfActive): it stores it as the key's next job (its internal "dn:" hash), created
 * under the id we proposed when the running one finishes, which may already have happened.
 */
async function keptForLater(
  { queue, redis }: QueueOnRedis,
  dedupeKey: string,
  jobId: string,
): Promise<boolean> {
  const next = await redis.hget(queue.toKey(`dn:${dedupeKey}`), 'jid');
  if (next === jobId) return true;
  return (await redis.exists(queue.toKey(jobId))) === 1;
}

/**
 * Moves the delayed job `jobId` to run within `delayMs` of now (at once for 0 or less) when it is
 * due later than that. A job no longer delayed (promoted, taken by a worker, finished since the
 * add) already runs no later than asked: nothing to do, whatever BullMQ answers.
 */
async function runNoLaterThan(on: QueueOnRedis, jobId: string, delayMs: number): Promise<void> {
  const askedAt = Date.now() + Math.max(0, delayMs);
  const dueAt = await delayedUntil(on, jobId);
  if (dueAt === null || dueAt <= askedAt) return;
  const job = await on.queue.getJob(jobId);
  if (!job) return;
  try {
    const left = askedAt - Date.now();
    await (left > 0 ? job.changeDelay(left) : job.promote());
  } catch (error) {
    // Between the read and the move, a worker may have taken the job (BullMQ: "not in the
    // delayed state") or it may have finished: it then runs no later than asked.
    if ((await delayedUntil(on, jobId)) !== null) throw error;
  }
}

/** When the job is due, if it is in the delayed set; else null. */
async function delayedUntil({ queue, redis }: QueueOnRedis, jobId: string): Promise<number | null> {
  const score = await redis.zscore(queue.toKey('delayed'), jobId);
  return score === null ? null : Math.floor(Number(score) / DELAYED_SCORE_FACTOR);
}
