/**
 * Gauges read from what every process shares (the database, the job queue) rather than from what
 * one process did: failing calendars, connections by status, the job backlog. Each is read at
 * scrape time. Only the api role exports them (the single process in the embedded shape): were
 * the worker and scheduler processes to export them too, `sum()` over the scraped processes would
 * count each calendar, connection and job once per process. Several api processes each export the
 * same values; aggregate those with max(), not sum() (README, Operations).
 */
import type { Gauge, Registry } from 'prom-client';
import { Gauge as PromGauge } from 'prom-client';
import { PROVIDER_KINDS } from '../domain/event.js';
import { BACKLOG_STATES, type JobBacklog } from '../jobs/job-queue.js';
import { settlesWithin } from '../jobs/time-bound.js';
import type { ConnectionStatus, FailingSync } from '../store/store.js';
import type { App } from './app.js';
import type { Logger } from './logger.js';

const CONNECTION_STATUSES: readonly ConnectionStatus[] = [
  'active',
  'reauth_required',
  'error',
  'disconnected',
];
/** A scrape does not wait longer than this for a source (a hung Redis or database). */
const READ_BOUND_MS = 2_000;

/** Where the gauges read from; src/app/service.ts passes the app's store, sync and queue. */
export interface StoreWideSources {
  failingCalendars: () => Promise<readonly Pick<FailingSync, 'provider'>[]>;
  connectionsByStatus: () => Promise<
    readonly { provider: string; status: ConnectionStatus; count: number }[]
  >;
  jobBacklog: () => Promise<readonly JobBacklog[]>;
  logger: Logger;
}

/** The api role's call: the app's store, sync status and queue as the gauges' sources. */
export function exportStoreWideMetricsOf(
  app: Pick<App, 'metrics' | 'store' | 'sync' | 'queue' | 'engine' | 'logger'>,
): void {
  exportStoreWideMetrics(app.metrics.registry, {
    failingCalendars: () => app.sync.failingCalendars(app.engine.now()),
    connectionsByStatus: () => app.store.connections.countByStatus(),
    jobBacklog: () => app.queue.backlog(),
    logger: app.logger,
  });
}

/** Registers the store-wide gauges in `registry`, once (a second call changes nothing). */
export function exportStoreWideMetrics(registry: Registry, sources: StoreWideSources): void {
  if (registry.getSingleMetric('calintel_failing_calendars')) return;
  gauge(registry, sources, {
    name: 'calintel_failing_calendars',
    help: 'Calendars whose syncs have failed without a success for longer than SYNC_FAILURE_ALERT_MINUTES (0 for a provider with none)',
    labelNames: ['provider'],
    read: async (set) => {
      const failing = await sources.failingCalendars();
      for (const provider of PROVIDER_KINDS) set({ provider }, 0);
      const counts = new Map<string, number>();
      for (const { provider } of failing) counts.set(provider, (counts.get(provider) ?? 0) + 1);
      for (const [provider, count] of counts) set({ provider }, count);
    },
  });
  gauge(registry, sources, {
    name: 'calintel_connections',
    help: 'Calendar connections by provider and status (reauth_required: the user must reconnect)',
    labelNames: ['provider', 'status'],
    read: async (set) => {
      const counted = await sources.connectionsByStatus();
      for (const provider of PROVIDER_KINDS)
        for (const status of CONNECTION_STATUSES) set({ provider, status }, 0);
      for (const { provider, status, count } of counted) set({ provider, status }, count);
    },
  });
  gauge(registry, sources, {
    name: 'calintel_job_backlog',
    help: 'Jobs in the queue by name and state: waiting (due now), active, delayed (due later), failed (for good, still kept)',
    labelNames: ['name', 'state'],
    read: async (set) => {
      const backlog = await sources.jobBacklog();
      const names = new Set(backlog.map((b) => b.name));
      // Every state of a name seen, so that a drained state reads 0 rather than vanishing.
      for (const name of names) for (const state of BACKLOG_STATES) set({ name, state }, 0);
      for (const { name, state, count } of backlog) set({ name, state }, count);
    },
  });
}

type Setter = (labels: Record<string, string>, value: number) => void;

/**
 * A gauge whose samples `read` sets at each scrape. A source that fails or does not answer within
 * READ_BOUND_MS leaves the gauge without samples for that scrape (unknown, not 0), and says so in
 * the log; the rest of /metrics is served.
 */
function gauge(
  registry: Registry,
  sources: Pick<StoreWideSources, 'logger'>,
  spec: { name: string; help: string; labelNames: string[]; read: (set: Setter) => Promise<void> },
): Gauge {
  return new PromGauge({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames,
    registers: [registry],
    async collect() {
      const samples: [Record<string, string>, number][] = [];
      const reading = spec.read((labels, value) => samples.push([labels, value]));
      const failure = await boundedFailure(reading);
      this.reset();
      if (failure) {
        sources.logger.warn({ err: failure, metric: spec.name }, 'could not read a metric');
        return;
      }
      for (const [labels, value] of samples) this.set(labels, value);
    },
  });
}

/** Null when `reading` succeeded in time; else what went wrong. */
async function boundedFailure(reading: Promise<void>): Promise<unknown> {
  let failure: unknown = null;
  const settled = await settlesWithin(
    reading.catch((error: unknown) => {
      failure = error ?? new Error('failed');
    }),
    READ_BOUND_MS,
  );
  if (!settled) return new Error(`no answer within ${READ_BOUND_MS / 1000} s`);
  return failure;
}
