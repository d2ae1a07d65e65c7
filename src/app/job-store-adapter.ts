/** The embedded job queue's JobStore port, implemented over the Store's jobs table. */
import type { JobBacklog } from '../jobs/job-queue.js';
import type { ClaimedJob, JobStore } from '../jobs/job-store.js';
import type { Store } from '../store/store.js';

export class StoreJobAdapter implements JobStore {
  constructor(private readonly store: Store) {}

  async enqueue(job: Parameters<JobStore['enqueue']>[0]): Promise<string | null> {
    const queued = await this.store.jobs.enqueue(job.name, job.payload, {
      runAt: job.runAt,
      maxAttempts: job.maxAttempts,
      dedupeKey: job.dedupeKey,
      orgId: job.orgId,
    });
    // The port's contract: null when a pending job with the same dedupe key was there already.
    return queued.created ? queued.id : null;
  }

  async claimNext(workerId: string, now: Date, lockMs: number): Promise<ClaimedJob | null> {
    const job = await this.store.jobs.claimNext(workerId, now, lockMs);
    if (!job) return null;
    return {
      id: job.id,
      name: job.name,
      payload: job.payload,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
    };
  }

  renewLease(jobId: string, workerId: string, now: Date, lockMs: number): Promise<boolean> {
    return this.store.jobs.renewLease(jobId, workerId, now, lockMs);
  }

  async complete(jobId: string, workerId: string): Promise<void> {
    await this.store.jobs.complete(jobId, workerId);
  }

  async fail(jobId: string, workerId: string, error: string, retryAt: Date | null): Promise<void> {
    await this.store.jobs.fail(jobId, workerId, error, retryAt);
  }

  async release(jobId: string, workerId: string, now: Date): Promise<void> {
    await this.store.jobs.release(jobId, workerId, now);
  }

  lastQueuedAt(name: string): Promise<Date | null> {
    return this.store.jobs.lastQueuedAt(name);
  }

  backlog(now: Date): Promise<JobBacklog[]> {
    return this.store.jobs.backlog(now);
  }
}
