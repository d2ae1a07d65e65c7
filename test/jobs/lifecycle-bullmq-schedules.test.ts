/**
 * BullMQ keeps the job schedulers in Redis, written when the scheduler role starts. A Redis that
 * comes back empty (restarted without persistence, failed over to an empty replica, flushed)
 * had none left, and every scheduled task (feeds, token refresh, channel renewal, retention)
 * stopped for good, silently. The queue now puts back the missing schedulers when its connection
 * comes back and at a regular check, and says so. Each test runs a redis-server of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import type { Schedule } from '../../src/jobs/job-queue.js';
import { freePort, waitFor } from '../support/ports.js';
import { describeWithRedis } from '../support/queues.js';

const SCHEDULES: Schedule[] = [
  // An interval fires at registration (and so again when restored); a cron one at its time.
  { name: 'lifecycle_tick', everyMs: 3_600_000 },
  { name: 'lifecycle_nightly', cron: '17 3 * * *' },
];

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 100 });
  probe.on('error', () => {});
  try {
    await waitFor('redis-server to answer', async () => {
      try {
        if (probe.status !== 'ready') await probe.connect().catch(() => {});
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      }
    });
  } finally {
    probe.disconnect();
  }
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describeWithRedis('BullMQ schedules after Redis comes back empty', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(scheduleCheckMs: number) {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(() => stopRedis(redis));
    const url = `redis://127.0.0.1:${port}`;
    const restored: string[][] = [];
    const queue = await BullMqJobQueue.connect({
      url,
      prefix: 'lifecycle',
      concurrency: 1,
      onError: () => {},
      onConnectionError: () => {},
      onSchedulesRestored: (names) => restored.push([...names]),
      scheduleCheckMs,
    });
    cleanups.push(() => queue.close());
    const ticks: number[] = [];
    queue.start(
      new Map([
        ['lifecycle_tick', async () => void ticks.push(Date.now())],
        ['lifecycle_nightly', async () => {}],
      ]),
    );
    await queue.schedule(SCHEDULES);
    const inspection = new Redis(url, { maxRetriesPerRequest: 1 });
    inspection.on('error', () => {});
    const inspector = new Queue('jobs', { connection: inspection, prefix: 'lifecycle' });
    inspector.on('error', () => {});
    cleanups.push(async () => {
      await inspector.close();
      inspection.disconnect();
    });
    const schedulerNames = async () => {
      try {
        return (await inspector.getJobSchedulers()).map((s) => s.key).sort();
      } catch {
        return [];
      }
    };
    await waitFor('the first tick', async () => ticks.length === 1);
    return {
      ticks,
      restored,
      schedulerNames,
      flush: () => inspection.flushall(),
      restartEmpty: async () => {
        await stopRedis(redis);
        redis = await startRedis(port);
      },
    };
  }

  it('puts the schedulers back when the connection returns to an empty Redis', async () => {
    // No periodic check within the test: only the reconnection can restore them.
    const redis = await setUp(3_600_000);
    expect(await redis.schedulerNames()).toEqual(['lifecycle_nightly', 'lifecycle_tick']);

    await redis.restartEmpty();
    await waitFor(
      'the schedulers to be restored',
      async () => (await redis.schedulerNames()).length === 2,
    );
    expect(await redis.schedulerNames()).toEqual(['lifecycle_nightly', 'lifecycle_tick']);
    // A scheduled task runs again, and the restoration was reported, naming what was missing.
    await waitFor('a tick after the restart', async () => redis.ticks.length === 2);
    expect(redis.restored).toEqual([['lifecycle_tick', 'lifecycle_nightly']]);
  }, 40_000);

  it('puts them back at its regular check when Redis lost them without a disconnection', async () => {
    const redis = await setUp(200);
    await redis.flush();
    await waitFor(
      'the schedulers to be restored',
      async () => (await redis.schedulerNames()).length === 2,
    );
    await waitFor('a tick after the flush', async () => redis.ticks.length === 2);
    expect(redis.restored).toEqual([['lifecycle_tick', 'lifecycle_nightly']]);
    // Present schedulers are left alone: no second restoration, no extra firing.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(redis.restored).toHaveLength(1);
    expect(redis.ticks).toHaveLength(2);
  }, 40_000);
});
