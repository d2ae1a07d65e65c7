/**
 * A worker stopped while a long job runs: the job sees the aborted signal and stops, is given
 * back to the queue for the next start, and the log says what the stop waited for and that it
 * ended.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { startService } from '../../src/app/service.js';
import { DETECT_MEETINGS_FOR_USER_TASK } from '../../src/app/tasks.js';
import { loadConfig } from '../../src/config/config.js';
import { Store } from '../../src/store/store.js';
import { hourlyCustomerMeetings, seedCustomerTenant } from '../support/customer-tenant.js';
import { TEST_SECRET_KEY } from '../support/databases.js';
import { waitFor } from '../support/ports.js';
import { TEST_NOW } from '../support/test-app.js';

const EVENTS = 3_000;

it('a stop during meeting detection says which job it waited for, and gives the job back', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'calintel-shutdown-'));
  const store = await Store.open({
    url: `sqlite:${join(dataDir, 'db.sqlite')}`,
    secretKey: TEST_SECRET_KEY,
  });
  const tenant = await seedCustomerTenant(store, 'shutdown', hourlyCustomerMeetings(EVENTS));
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const config = loadConfig({
    CALINTEL_DATA_DIR: dataDir,
    CALINTEL_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'info',
  });
  const service = await startService(config, {
    roles: ['worker'],
    demo: false,
    appOptions: { store, logger, clock: () => TEST_NOW },
  });
  try {
    await service.app.queue.enqueue(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    await waitFor('detection to run', async () =>
      service.runningJobs().includes(DETECT_MEETINGS_FOR_USER_TASK),
    );
  } finally {
    await service.stop();
  }
  expect(lines.find((line) => line['msg'] === 'stopping: waiting for running jobs')).toMatchObject({
    jobs: [DETECT_MEETINGS_FOR_USER_TASK],
  });
  expect(lines.some((line) => line['msg'] === 'stopped')).toBe(true);
  // Stopped before its end: no "meetings detected", and the job waits for the next start.
  expect(lines.some((line) => line['msg'] === 'meetings detected')).toBe(false);
  const jobs = await store.jobs.list({ limit: 10 });
  expect(jobs.find((job) => job.name === DETECT_MEETINGS_FOR_USER_TASK)?.status).not.toBe('done');
  await store.close();
});
