/**
 * Store-wide gauges (failing calendars, connections by status, the job backlog) are exported by
 * the api role only. Before, calintel_failing_calendars was exported by the api, worker and
 * scheduler processes alike, each with the same value, so that sum() over the scraped processes
 * counted every failing calendar three times. The backlog is read from BullMQ in the scaled
 * shape (real Redis) and from the jobs table in the embedded one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type RunningService, type ServiceRole } from '../../src/app/service.js';
import { loadConfig } from '../../src/config/config.js';
import { sampleOf } from '../support/metrics-text.js';
import { REDIS_URL, deleteKeys, describeWithRedis, uniquePrefix } from '../support/queues.js';

const STORE_WIDE = ['calintel_failing_calendars', 'calintel_connections', 'calintel_job_backlog'];
const HOUR_MS = 3_600_000;

const settings = (env: Record<string, string>) =>
  loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-metrics-roles-')),
    LOG_LEVEL: 'silent',
    PORT: '0',
    METRICS_PORT: '0',
    ...env,
  });

let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

async function scrape(env: Record<string, string>, roles: ServiceRole[]): Promise<string> {
  service = await startService(settings(env), { roles, demo: false });
  const base = service.url ?? service.opsUrl;
  const answer = await fetch(`${base}/metrics`);
  expect(answer.status).toBe(200);
  return answer.text();
}
const names = (text: string) => STORE_WIDE.filter((name) => text.includes(`# TYPE ${name} gauge`));

describe('store-wide metrics by role (embedded shape)', () => {
  it('are left out by a worker or scheduler process', async () => {
    const worker = await scrape({}, ['worker']);
    expect(worker).toContain('# TYPE calintel_jobs_total counter');
    expect(names(worker)).toEqual([]);
    await service?.stop();
    expect(names(await scrape({}, ['scheduler']))).toEqual([]);
  });

  it('are exported by the single process that has every role', async () => {
    const text = await scrape({}, ['api', 'worker', 'scheduler']);
    expect(names(text)).toEqual(STORE_WIDE);
    expect(sampleOf(text, 'calintel_failing_calendars{provider="google"}')).toBe(0);
  });
});

describeWithRedis('store-wide metrics by role (BullMQ on Redis)', () => {
  let prefix = '';
  afterEach(async () => {
    if (prefix) await deleteKeys(`${prefix}:*`);
  });

  it("the api role reads BullMQ's backlog by name and state; a worker leaves it out", async () => {
    prefix = uniquePrefix();
    const env = { REDIS_URL, REDIS_PREFIX: prefix };
    service = await startService(settings(env), { roles: ['api'], demo: false });
    const { queue } = service.app;
    await queue.enqueue('test-metrics-now', {});
    await queue.enqueue('test-metrics-now', {});
    await queue.enqueue('test-metrics-later', {}, { runAt: new Date(Date.now() + HOUR_MS) });
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const series = (name: string, state: string) =>
      `calintel_job_backlog{name="${name}",state="${state}"}`;
    expect(sampleOf(text, series('test-metrics-now', 'waiting'))).toBe(2);
    expect(sampleOf(text, series('test-metrics-now', 'active'))).toBe(0);
    expect(sampleOf(text, series('test-metrics-later', 'delayed'))).toBe(1);
    expect(sampleOf(text, series('test-metrics-later', 'waiting'))).toBe(0);
    await service.stop();

    expect(names(await scrape(env, ['scheduler']))).toEqual([]);
  });
});
