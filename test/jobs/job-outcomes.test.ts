/**
 * Both adapters tell the worker's onOutcome how each attempt ended (calintel_jobs_total counts
 * them): done, retried (another attempt comes) or failed for good.
 */
import { afterEach, expect, it } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import {
  PermanentJobFailure,
  RetryLater,
  type JobHandler,
  type JobOutcome,
  type JobQueue,
} from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import { describeEachDialect } from '../support/databases.js';
import { REDIS_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../support/queues.js';

type Seen = Array<[string, JobOutcome]>;

/** One job of each ending; RetryLater "now" so that no test waits for a backoff. */
function handlers(): Map<string, JobHandler> {
  return new Map<string, JobHandler>([
    ['test-ok', async () => {}],
    [
      'test-flaky',
      async (_payload, { attempt }) => {
        if (attempt === 1) throw new RetryLater('once more', new Date(0));
      },
    ],
    [
      'test-broken',
      async () => {
        throw new RetryLater('again', new Date(0));
      },
    ],
    [
      'test-permanent',
      async () => {
        throw new PermanentJobFailure('never');
      },
    ],
  ]);
}

const EXPECTED: Seen = [
  ['test-broken', 'failed'],
  ['test-broken', 'retried'],
  ['test-flaky', 'done'],
  ['test-flaky', 'retried'],
  ['test-ok', 'done'],
  ['test-permanent', 'failed'],
];

async function runAll(queue: JobQueue, seen: Seen): Promise<void> {
  queue.start(handlers(), { onOutcome: (outcome, job) => void seen.push([job.name, outcome]) });
  for (const name of ['test-ok', 'test-flaky', 'test-broken', 'test-permanent'])
    await queue.enqueue(name, {}, { maxAttempts: 2 });
  const deadline = Date.now() + 20_000;
  while (seen.length < EXPECTED.length && Date.now() < deadline) {
    await queue.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sorted(seen: Seen): Seen {
  return [...seen].sort((a, b) => a.join().localeCompare(b.join()));
}

describeEachDialect('job outcomes [embedded]', (context) => {
  let queue: LocalJobQueue | null = null;
  afterEach(async () => {
    await queue?.stop();
    queue = null;
  });

  it('reports done, retried and failed', async () => {
    queue = new LocalJobQueue(new StoreJobAdapter(context().store), {
      concurrency: 2,
      pollIntervalMs: 20,
      lockMs: 60_000,
      clock: () => new Date(),
      onError: () => {},
    });
    const seen: Seen = [];
    await runAll(queue, seen);
    expect(sorted(seen)).toEqual(EXPECTED);
  });
});

describeWithRedis('job outcomes [bullmq]', () => {
  const prefix = uniquePrefix();
  let queue: BullMqJobQueue | null = null;
  afterEach(async () => {
    await queue?.close();
    await deleteKeys(`${prefix}:*`);
  });

  it('reports done, retried and failed', async () => {
    queue = await BullMqJobQueue.connect({
      url: REDIS_URL,
      prefix,
      concurrency: 2,
      onError: () => {},
      onConnectionError: () => {},
    });
    const seen: Seen = [];
    await runAll(queue, seen);
    expect(sorted(seen)).toEqual(EXPECTED);
  });
});
