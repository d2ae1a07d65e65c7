/**
 * A worker process (no api role) counts the jobs and syncs it runs in its own registry, which the
 * api process cannot report: with METRICS_PORT it serves /metrics, /healthz and /readyz itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/app/service.js';
import { loadConfig } from '../../src/config/config.js';

const settings = (env: Record<string, string>) =>
  loadConfig({
    CALINTEL_DATA_DIR: mkdtempSync(join(tmpdir(), 'calintel-worker-metrics-')),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...env,
  });

describe('a worker process and its metrics', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('serves its job counters, health and readiness on METRICS_PORT', async () => {
    service = await startService(settings({ METRICS_PORT: '0' }), {
      roles: ['worker'],
      demo: false,
    });
    expect(service.url).toBeNull();
    const ops = service.opsUrl;
    expect(ops).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // No handler has this name: the attempt fails for good, and the worker counts it.
    await service.app.queue.enqueue('test-unknown-task', {}, { maxAttempts: 1 });
    await service.app.queue.drain();

    const metrics = await fetch(`${ops}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /calintel_jobs_total\{name="test-unknown-task",outcome="failed"\} 1/,
    );
    expect(await (await fetch(`${ops}/healthz/`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const missing = await fetch(`${ops}/api/v1/calendar/events/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const posted = await fetch(`${ops}/metrics`, { method: 'POST' });
    expect(posted.status).toBe(405);
  });

  it('serves nothing without METRICS_PORT, and the api role keeps /metrics on PORT', async () => {
    service = await startService(settings({}), { roles: ['worker'], demo: false });
    expect(service.url).toBeNull();
    expect(service.opsUrl).toBeNull();
    await service.stop();
    service = await startService(settings({ METRICS_PORT: '0' }), {
      roles: ['api', 'worker'],
      demo: false,
    });
    expect(service.opsUrl).toBeNull();
    expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
  });

  it('refuses a METRICS_PORT that is not a port, with one clear line', () => {
    expect(() => settings({ METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT/);
    expect(() => settings({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
