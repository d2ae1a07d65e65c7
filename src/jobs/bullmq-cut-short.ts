/**
 * What the BullMQ queue's close does when Redis did not let it finish in time (a Redis that keeps
 * its connections open and answers nothing): it drops the connections, and its worker gives up
 * what it was still trying to tell Redis.
 *
 * The giving up matters. BullMQ (5.81) retries a Redis command that failed on the connection for
 * ever, with no pause while the worker closes (Worker.retryIfFailed: recording a job's end,
 * giving a job back, moving a job scheduler on). A dropped connection fails each try at once,
 * so the tries ran back to back on the microtask queue and starved the event loop: the process
 * spun on one core and never exited, its close's own timers never firing.
 */
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface QueueConnections {
  /** The queue's connection (enqueues, schedules, locks). */
  connection: Redis;
  worker: Worker | null;
  /** The worker's connection, which BullMQ's blocking one copies. */
  workerConnection: Redis | null;
}

type RetryLoop = (attempt: () => Promise<unknown>, options: unknown) => Promise<unknown>;

export class ConnectionDrop {
  private dropped = false;

  /**
   * Makes every retry loop of `worker` stop once the connections are dropped: its next try does
   * nothing. BullMQ's typings keep retryIfFailed private, hence the narrow look-up; a BullMQ
   * without it has no such loop to stop.
   */
  guard(worker: Worker): void {
    const target = worker as unknown as { retryIfFailed?: RetryLoop };
    const loop = target.retryIfFailed?.bind(worker);
    if (!loop) return;
    target.retryIfFailed = (attempt, options) =>
      loop(() => (this.dropped ? Promise.resolve(undefined) : attempt()), options);
  }

  drop({ connection, worker, workerConnection }: QueueConnections): void {
    this.dropped = true;
    connection.disconnect();
    workerConnection?.disconnect();
    // BullMQ's blocking connection is its own copy of the worker's: its client is public here.
    void worker?.waitUntilReady().then(
      (blocking) => blocking.disconnect(),
      () => {},
    );
  }
}
