/** Opens the job queue of the configured shape, with what the log and /readyz hear from it. */
import type { Config } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import { QueueUnavailableError, type JobErrorReporter, type JobQueue } from '../jobs/job-queue.js';
import { LocalJobQueue } from '../jobs/local-queue.js';
import type { RedisHealth } from '../jobs/bullmq-queue.js';
import type { RedisConnectionChange } from '../jobs/redis-connection.js';
import type { Store } from '../store/store.js';
import { StoreJobAdapter } from './job-store-adapter.js';
import type { Logger } from './logger.js';

export interface OpenedJobQueue {
  queue: JobQueue;
  /** Whether the queue's Redis is up and answers; null for the embedded queue, which has none. */
  redisHealth: (() => Promise<RedisHealth>) | null;
}

/** BullMQ on Redis when REDIS_URL is set (the scaled shape), else the store's jobs table. */
export async function openJobQueue(
  config: Config,
  store: Store,
  logger: Logger,
  clock: () => Date,
): Promise<OpenedJobQueue> {
  const onError: JobErrorReporter = (error, job) =>
    logger.warn({ err: error, job: job.name, jobId: job.id }, 'job failed');
  if (!config.jobs.redisUrl) {
    const queue = new LocalJobQueue(new StoreJobAdapter(store), {
      concurrency: config.jobs.concurrency,
      pollIntervalMs: 1000,
      lockMs: 10 * 60_000,
      clock,
      onError,
    });
    return { queue, redisHealth: null };
  }
  // Loaded only for the scaled shape: BullMQ and ioredis add ~0.8 s to every CLI start.
  const { BullMqJobQueue } = await import('../jobs/bullmq-queue.js');
  try {
    const queue = await BullMqJobQueue.connect({
      url: config.jobs.redisUrl,
      prefix: config.jobs.redisPrefix,
      concurrency: config.jobs.concurrency,
      clock,
      onError,
      onConnectionError: (error) => logger.warn({ err: error }, 'redis connection trouble'),
      onConnectionChange: (change) => logConnectionChange(logger, change),
      onSchedulesRestored: (names) =>
        logger.warn(
          { schedules: names },
          'job schedulers were missing from Redis; registered again',
        ),
      onCloseCutShort: (message) => logger.warn(`shutdown: ${message}`),
    });
    return { queue, redisHealth: () => queue.health() };
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    throw new AppError(
      'internal',
      `${error.message}; start it, or unset REDIS_URL to keep jobs in the database`,
      true,
      { cause: error },
    );
  }
}

/** One line when Redis goes, one a minute while it stays away, one when it is back: no stacks. */
function logConnectionChange(logger: Logger, change: RedisConnectionChange): void {
  if (change.state === 'lost')
    logger.warn(
      { reason: change.reason },
      'Redis is unreachable: jobs wait, and requests that queue work answer 503 until it is back',
    );
  else if (change.state === 'still_lost')
    logger.warn(
      { reason: change.reason, downForSeconds: Math.round(change.downForMs / 1000) },
      'Redis is still unreachable',
    );
  else
    logger.info(
      { downForSeconds: Math.round(change.downForMs / 1000) },
      'Redis is reachable again',
    );
}
