/**
 * The BullMQ queue's schedules: BullMQ job schedulers, stored in Redis under the schedule's name.
 * Every scheduler process upserts the same ids, and each due time is one job whose id is derived
 * from the scheduler and the time, so two schedulers never fire a task twice. They live only in
 * Redis: one that comes back empty (restarted without persistence, an empty replica promoted)
 * would have none, and every scheduled task would stop for good. So a scheduler process checks
 * for its schedulers whenever its connection is ready again and every scheduleCheckMs, and
 * upserts the missing ones (the same upsert as at start).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BACKOFF_TYPE, KEEP_DONE, KEEP_FAILED, type JobData } from './bullmq-job-data.js';
import type { Schedule } from './job-queue.js';

const SCHEDULE_CHECK_MS = 60_000;

export interface SchedulerWatchOptions {
  /** How often the schedulers are checked to be in Redis; default a minute. */
  scheduleCheckMs?: number;
  /** Told the schedules registered again; default onConnectionError with SchedulersRestored. */
  onSchedulesRestored?: (names: readonly string[]) => void;
  onConnectionError: (error: unknown) => void;
}

/** What is reported when Redis had lost job schedulers and they were registered again. */
export class SchedulersRestored extends Error {
  override readonly name = 'SchedulersRestored';
  constructor(readonly schedules: readonly string[]) {
    super(
      `job schedulers missing from Redis (emptied by a restart or failover?), registered again: ${schedules.join(', ')}`,
    );
  }
}

export class BullMqSchedulers {
  /** What this process registered (the scheduler role), kept to put back what Redis loses. */
  private schedules: readonly Schedule[] = [];
  private scheduleCheck: NodeJS.Timeout | null = null;
  /** Registrations and checks one at a time, so that a check never races a registration. */
  private scheduling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly queue: Queue<JobData, void, string>,
    private readonly connection: Redis,
    private readonly options: SchedulerWatchOptions,
  ) {}

  /** Upserts these schedules, removes the others, and watches that they stay in Redis. */
  async register(schedules: readonly Schedule[]): Promise<void> {
    await this.serially(async () => {
      const wanted = new Set(schedules.map((schedule) => schedule.name));
      // A task dropped from the code must stop firing; BullMQ would keep it forever.
      for (const existing of await this.queue.getJobSchedulers()) {
        if (!wanted.has(existing.key)) await this.queue.removeJobScheduler(existing.key);
      }
      for (const schedule of schedules) await this.upsertScheduler(schedule);
      this.schedules = schedules;
    });
    this.watchSchedulers();
  }

  /** Stops the checks and waits for a registration or check under way. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.scheduleCheck) clearInterval(this.scheduleCheck);
    this.scheduleCheck = null;
    this.connection.off('ready', this.checkSchedulers);
    await this.scheduling;
  }

  /**
   * From the first registration on: checks at every reconnection (a restarted Redis is the
   * likeliest to have lost them) and every scheduleCheckMs (a flush or a failover to an empty
   * replica need not drop the connection).
   */
  private watchSchedulers(): void {
    if (this.scheduleCheck || this.closed) return;
    this.connection.on('ready', this.checkSchedulers);
    this.scheduleCheck = setInterval(
      this.checkSchedulers,
      this.options.scheduleCheckMs ?? SCHEDULE_CHECK_MS,
    );
    // The check must never keep a process alive that is otherwise done.
    this.scheduleCheck.unref();
  }

  /**
   * Upserts only the missing schedulers: one that is there keeps its next job untouched (an
   * upsert would put it back in the same slot, but there is no need to churn it every minute).
   * Errors are dropped: Redis away is reported by the connection, and the next check retries.
   */
  private readonly checkSchedulers = (): void => {
    void this.serially(async () => {
      if (this.closed || this.schedules.length === 0) return;
      const present = new Set((await this.queue.getJobSchedulers()).map((s) => s.key));
      const missing = this.schedules.filter((schedule) => !present.has(schedule.name));
      if (missing.length === 0) return;
      for (const schedule of missing) await this.upsertScheduler(schedule);
      const names = missing.map((schedule) => schedule.name);
      if (this.options.onSchedulesRestored) this.options.onSchedulesRestored(names);
      else this.options.onConnectionError(new SchedulersRestored(names));
    }).catch(ignore);
  };

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.scheduling.then(work);
    this.scheduling = next.catch(ignore);
    return next;
  }

  private async upsertScheduler(schedule: Schedule): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedule.name,
      schedule.cron !== undefined
        ? { pattern: schedule.cron, tz: 'UTC' }
        : { every: schedule.everyMs },
      {
        name: schedule.name,
        data: { payload: schedule.payload ?? null, orgId: null },
        opts: {
          attempts: schedule.maxAttempts ?? 1,
          backoff: { type: BACKOFF_TYPE },
          removeOnComplete: KEEP_DONE,
          removeOnFail: KEEP_FAILED,
        },
      },
    );
  }
}

function ignore(): void {}
