/**
 * Runs one behavioural job-queue suite against every adapter (like describeEachDialect): the
 * embedded queue on a SQLite file with a fake clock, and BullMQ on Redis in real time. Each test
 * gets storage of its own: a fresh SQLite file, or a fresh Redis key prefix deleted afterwards.
 * Without Redis the BullMQ suite is skipped with a message, except in CI (CI=true): there it fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { Store } from '../../src/store/store.js';
import { TEST_SECRET_KEY } from './databases.js';

export const QUEUE_KINDS = ['embedded', 'bullmq'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const REDIS_URL =
  process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface InspectedJob {
  state: 'pending' | 'running' | 'done' | 'failed' | 'missing';
  /** Attempts started so far. */
  attempts: number;
  lastError: string | null;
}

export interface QueueHarness {
  kind: QueueKind;
  /**
   * Opens a queue on this test's storage. Each call is another process: a restart, a second
   * worker or scheduler. Whatever is still open is closed after the test.
   */
  open(): Promise<JobQueue>;
  /** Now, as the queue sees it: the fake clock (embedded) or the real one (BullMQ). */
  now(): Date;
  /** A wait that is long against the queue's reaction time: an hour of fake time, 300 real ms. */
  delayMs: number;
  /** The backoff's base wait: the first retry comes no sooner than half of it. */
  backoffBaseMs: number;
  /**
   * Resolves once `condition` holds, while time passes: the embedded clock jumps to the next
   * queued job's time whenever nothing is due; BullMQ just waits. Fails after 20 real seconds.
   */
  eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void>;
  /** How the queue's storage sees a job. */
  inspect(jobId: string): Promise<InspectedJob>;
}

const WAIT_LIMIT_MS = 20_000;
const T0 = new Date('2026-03-01T12:00:00.000Z');

/** Why Redis cannot be used by the tests, or null when it answers. */
export const redisProblem = await probeRedis();

/** `describe(name)` once per queue adapter; `kind` lets a test exist for one adapter only. */
export function describeEachQueue(
  name: string,
  fn: (harness: () => QueueHarness, kind: QueueKind) => void,
): void {
  for (const kind of QUEUE_KINDS) {
    const title = `${name} [${kind}]`;
    (kind === 'bullmq' ? describeWithRedis : describe)(title, () => {
      let harness: (QueueHarness & { dispose(): Promise<void> }) | undefined;
      beforeEach(async () => {
        harness = kind === 'embedded' ? await embeddedHarness() : bullMqHarness();
      });
      afterEach(async () => {
        await harness?.dispose();
        harness = undefined;
      });
      fn(() => {
        if (!harness) throw new Error(`the ${kind} queue harness did not open`);
        return harness;
      }, kind);
    });
  }
}

/** `describe`, when Redis answers at REDIS_URL; else skipped with a message, or failed in CI. */
export function describeWithRedis(title: string, fn: () => void): void {
  if (!redisProblem) {
    describe(title, fn);
    return;
  }
  const message = `Redis not reachable at ${redact(REDIS_URL)} (${redisProblem})`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs Redis in CI', () => {
        throw new Error(`${message}: CI must run "${title}"`);
      });
    });
    return;
  }
  console.warn(`${message}: skipping "${title}"`);
  describe.skip(title, () => {
    it('needs Redis', () => {});
  });
}

async function embeddedHarness(): Promise<QueueHarness & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'calintel-queue-'));
  const url = `sqlite:${join(dir, 'jobs.db')}`;
  const inspector = await Store.open({ url, secretKey: TEST_SECRET_KEY });
  const opened: JobQueue[] = [];
  let now = T0;
  const jobOf = async (jobId: string) =>
    (await inspector.jobs.list({ limit: 10_000 })).find((job) => job.id === jobId);
  return {
    kind: 'embedded',
    delayMs: 3_600_000,
    backoffBaseMs: 2_000,
    now: () => now,
    async open() {
      // Each queue has a store of its own on the same file, as another process would.
      const store = await Store.open({ url, secretKey: TEST_SECRET_KEY });
      const queue = new LocalJobQueue(new StoreJobAdapter(store), {
        concurrency: 2,
        // Real milliseconds: started queues look for due jobs often, the fake clock says which.
        pollIntervalMs: 20,
        lockMs: 10 * 60_000,
        clock: () => now,
        onError: () => {},
        backoff: { baseMs: 2_000, maxMs: 60_000 },
      });
      const wrapped = closingAlso(queue, () => store.close());
      opened.push(wrapped);
      return wrapped;
    },
    async eventually(condition, what) {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await sleep(10);
        // Nothing left to do now: let time pass until the next queued job is due.
        const [next] = await inspector.jobs.list({ status: 'queued', limit: 1 });
        if (next && Date.parse(next.runAt) > now.getTime()) now = new Date(next.runAt);
      }
    },
    async inspect(jobId) {
      const job = await jobOf(jobId);
      if (!job) return { state: 'missing', attempts: 0, lastError: null };
      const state = job.status === 'queued' ? 'pending' : job.status;
      return { state, attempts: job.attempts, lastError: job.lastError };
    },
    async dispose() {
      for (const queue of opened) await queue.close();
      await inspector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function bullMqHarness(): QueueHarness & { dispose(): Promise<void> } {
  const prefix = uniquePrefix();
  const opened: JobQueue[] = [];
  let inspector: { queue: Queue; connection: Redis } | null = null;
  const inspectorQueue = () => {
    if (!inspector) {
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      inspector = { connection, queue: new Queue('jobs', { connection, prefix }) };
    }
    return inspector.queue;
  };
  return {
    kind: 'bullmq',
    delayMs: 300,
    backoffBaseMs: 40,
    now: () => new Date(),
    async open() {
      const queue = await BullMqJobQueue.connect({
        url: REDIS_URL,
        prefix,
        concurrency: 2,
        onError: () => {},
        onConnectionError: () => {},
        backoff: { baseMs: 40, maxMs: 1_000 },
      });
      opened.push(queue);
      return queue;
    },
    async eventually(condition, what) {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await sleep(20);
      }
    },
    async inspect(jobId) {
      const job = await inspectorQueue().getJob(jobId);
      if (!job) return { state: 'missing', attempts: 0, lastError: null };
      const state = await job.getState();
      return {
        state:
          state === 'completed'
            ? 'done'
            : state === 'failed'
              ? 'failed'
              : state === 'active'
                ? 'running'
                : state === 'unknown'
                  ? 'missing'
                  : 'pending',
        attempts: job.attemptsStarted,
        lastError: job.failedReason || null,
      };
    },
    async dispose() {
      for (const queue of opened) await queue.close();
      await inspector?.queue.close();
      inspector?.connection.disconnect();
      await deleteKeys(`${prefix}:*`);
    },
  };
}

/** The queue, whose close() also releases what the harness opened for it (its store). */
function closingAlso(queue: LocalJobQueue, release: () => Promise<void>): JobQueue {
  let closed = false;
  return {
    enqueue: (name, payload, options) => queue.enqueue(name, payload, options),
    start: (handlers) => queue.start(handlers),
    schedule: (schedules) => queue.schedule(schedules),
    drain: () => queue.drain(),
    stop: () => queue.stop(),
    backlog: () => queue.backlog(),
    close: async () => {
      if (closed) return;
      closed = true;
      await queue.close();
      await release();
    },
  };
}

/** A key prefix no other test or run uses. */
export function uniquePrefix(): string {
  return `calintel-test-${randomBytes(6).toString('hex')}`;
}

/** Deletes the keys matching `pattern` (a test's prefix, when it is done). */
export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Null when Redis answers, else why not. */
async function probeRedis(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let cause: unknown = null;
  redis.on('error', (error: unknown) => {
    cause = error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    const reason = cause ?? error;
    return reason instanceof Error ? reason.message : String(reason);
  } finally {
    redis.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
