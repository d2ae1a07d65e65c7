import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { exportStoreWideMetrics } from './store-wide-metrics.js';

describe('store-wide metrics', () => {
  it('serve the rest of /metrics when a source fails, leaving only its gauge without samples', async () => {
    const registry = new Registry();
    exportStoreWideMetrics(registry, {
      failingCalendars: async () => [{ provider: 'google' }, { provider: 'google' }],
      connectionsByStatus: async () => {
        throw new Error('the database is away');
      },
      jobBacklog: async () => [{ name: 'sync-calendar', state: 'delayed', count: 4 }],
      logger: pino({ level: 'silent' }),
    });

    const text = await registry.metrics();
    expect(text).toContain('calintel_failing_calendars{provider="google"} 2');
    expect(text).toContain('calintel_failing_calendars{provider="ics"} 0');
    expect(text).not.toMatch(/^calintel_connections\{/m);
    expect(text).toContain('calintel_job_backlog{name="sync-calendar",state="delayed"} 4');
    expect(text).toContain('calintel_job_backlog{name="sync-calendar",state="waiting"} 0');
  });

  it('are registered once however often the api is built on one registry', () => {
    const registry = new Registry();
    const sources = {
      failingCalendars: async () => [],
      connectionsByStatus: async () => [],
      jobBacklog: async () => [],
      logger: pino({ level: 'silent' }),
    };
    exportStoreWideMetrics(registry, sources);
    expect(() => exportStoreWideMetrics(registry, sources)).not.toThrow();
    expect(registry.getMetricsAsArray()).toHaveLength(3);
  });
});
