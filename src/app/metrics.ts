/**
 * Prometheus metrics the service exports at /metrics: what this process did (requests, syncs,
 * jobs, pushes). Gauges read from the shared store and queue are store-wide-metrics.ts's.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  syncRuns: Counter<'provider' | 'outcome'>;
  syncedEvents: Counter<'provider' | 'change'>;
  jobs: Counter<'name' | 'outcome'>;
  pushNotifications: Counter<'provider' | 'outcome'>;
  /** How long a sync job's run took, by provider and outcome (ok, failed). */
  syncDuration: Histogram<'provider' | 'outcome'>;
  /**
   * Dashboard live streams open now: a stream may stay open for hours, and the request counters
   * see it only when it closes.
   */
  liveStreams: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'calintel_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'calintel_http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    syncRuns: new Counter({
      name: 'calintel_sync_runs_total',
      help: 'Calendar sync runs, by provider and outcome',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    }),
    syncedEvents: new Counter({
      name: 'calintel_synced_events_total',
      help: 'Events written by sync, by provider and kind of change',
      labelNames: ['provider', 'change'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'calintel_jobs_total',
      help: 'Background jobs finished, by name and outcome',
      labelNames: ['name', 'outcome'],
      registers: [registry],
    }),
    syncDuration: new Histogram({
      name: 'calintel_sync_duration_seconds',
      help: 'Time a sync job took to run its calendar sync, by provider and outcome (ok, failed)',
      labelNames: ['provider', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    liveStreams: new Gauge({
      name: 'calintel_live_streams',
      help: 'Dashboard live-update streams (server-sent events) open now in this process',
      registers: [registry],
    }),
    pushNotifications: new Counter({
      name: 'calintel_push_notifications_total',
      help: 'Provider push notifications received: accepted (sync queued), ignored, rejected (forged or unknown)',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    }),
  };
}
