import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { startService, type RunningService } from '../../src/app/service.js';
import {
  CLEANUP_OLD_CALENDAR_EVENTS,
  SYNC_ALL_USER_CALENDARS,
  scheduledTasks,
} from '../../src/app/tasks.js';
import { loadConfig } from '../../src/config/config.js';
import { AppError } from '../../src/domain/errors.js';
import { deleteKeys, describeWithRedis, REDIS_URL, uniquePrefix } from '../support/queues.js';

const settings = (env: Record<string, string>) =>
  loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-scaled-')),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });

describeWithRedis('calintel serve with REDIS_URL (BullMQ)', () => {
  const prefix = uniquePrefix();
  let service: RunningService;
  let connection: Redis;
  let inspector: Queue;

  beforeAll(async () => {
    const config = settings({ REDIS_URL, REDIS_PREFIX: prefix });
    service = await startService(config, { roles: ['worker', 'scheduler'], demo: false });
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    inspector = new Queue('jobs', { connection, prefix });
  });

  afterAll(async () => {
    await service?.stop();
    await inspector?.close();
    connection?.disconnect();
    await deleteKeys(`${prefix}:*`);
  });

  it('the scheduler role puts the schedules in Redis, and a worker runs them', async () => {
    const schedulers = await inspector.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      scheduledTasks()
        .map((task) => task.name)
        .sort(),
    );
    expect(schedulers.map((s) => s.key)).toContain(CLEANUP_OLD_CALENDAR_EVENTS);
    expect(schedulers.find((s) => s.key === CLEANUP_OLD_CALENDAR_EVENTS)).toMatchObject({
      pattern: '17 3 * * *',
      tz: 'UTC',
    });
    // Every interval schedule fires once at registration: the worker runs those firings.
    const completedNames = async () => (await inspector.getCompleted()).map((job) => job.name);
    const deadline = Date.now() + 20_000;
    while (!(await completedNames()).includes(SYNC_ALL_USER_CALENDARS) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await completedNames()).toContain(SYNC_ALL_USER_CALENDARS);
  });

  it('queued jobs go through Redis, one pending per dedupe key', async () => {
    // An hour away, so that it is still pending when enqueued again.
    const options = { dedupeKey: 'sync:cal-x', runAt: new Date(Date.now() + 3_600_000) };
    const first = await service.app.queue.enqueue('test-noop', {}, options);
    expect(first).toEqual(expect.any(String));
    expect(await service.app.queue.enqueue('test-noop', {}, options)).toBeNull();
    expect(await inspector.getJob(first!)).toBeDefined();
  });
});

describe('an unreachable REDIS_URL', () => {
  it('stops the start with one clear line', async () => {
    // Port 1 on loopback: nothing listens there.
    const config = settings({ REDIS_URL: 'redis://127.0.0.1:1' });
    const error = await createApp(config).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AppError);
    const message = (error as AppError).message;
    expect(message).toMatch(
      /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\); start it, or unset REDIS_URL/,
    );
    expect(message).not.toContain('\n');
  });
});
