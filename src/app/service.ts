/**
 * Runs the service in one or more roles: `api` answers HTTP, `worker` runs queued jobs,
 * `scheduler` registers the scheduled tasks (src/app/tasks.ts) with the queue, which fires them.
 * The embedded shape runs all three in one process.
 */
import { buildServer } from '../api/server.js';
import type { Config } from '../config/config.js';
import type { JobHandler } from '../jobs/job-queue.js';
import { apiDepsFor } from './api-adapter.js';
import { createApp, type App, type CreateAppOptions } from './app.js';
import { startOpsServer } from './ops-server.js';
import { exportStoreWideMetricsOf } from './store-wide-metrics.js';
import { setUpDemo } from './demo.js';
import { scheduledTasks, taskHandlers } from './tasks.js';
import { untilStopped } from './until-stopped.js';

export const SERVICE_ROLES = ['api', 'worker', 'scheduler'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export interface RunningService {
  app: App;
  url: string | null;
  /** Where a process without the api role serves /metrics and health (METRICS_PORT). */
  opsUrl: string | null;
  /** The names of the jobs this process is running now (its worker role). */
  runningJobs(): string[];
  /** Stops each role; the log says which running jobs it waited for, and how long it took. */
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  options: { roles: readonly ServiceRole[]; demo: boolean; appOptions?: CreateAppOptions },
): Promise<RunningService> {
  const app = await createApp(config, options.appOptions);
  const stops: Array<() => Promise<void>> = [];
  let url: string | null = null;
  let opsUrl: string | null = null;
  const running = new Map<string, string>();
  try {
    // The port first: a second copy started by mistake on a taken port stops here, before it
    // runs a job, registers a schedule or syncs anything. Requests that queue work before the
    // worker starts wait in the queue for it.
    if (options.roles.includes('api')) {
      // Only here: the worker and scheduler exporting them too would count them once per process.
      exportStoreWideMetricsOf(app);
      const server = await buildServer(apiDepsFor(app));
      url = await server.listen({ host: config.host, port: config.port });
      stops.push(() => server.close());
    } else if (config.metricsPort !== null) {
      const ops = await startOpsServer(app, config.host, config.metricsPort);
      opsUrl = ops.url;
      stops.push(() => ops.close());
    }
    if (options.roles.includes('worker'))
      app.queue.start(tracked(taskHandlers(app), running), {
        onOutcome: (outcome, job) => app.metrics.jobs.inc({ name: job.name, outcome }),
      });
    // Stopped by app.close(): the embedded queue stops its timers, BullMQ keeps them in Redis.
    if (options.roles.includes('scheduler')) await app.queue.schedule(scheduledTasks());
    if (options.demo) await setUpDemo(app, url);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    url,
    opsUrl,
    runningJobs: () => [...running.values()],
    stop: async () => {
      const started = Date.now();
      // The queue aborts their signal: each stops at its next check and is given back.
      if (running.size > 0)
        app.logger.info({ jobs: [...running.values()] }, 'stopping: waiting for running jobs');
      for (const stop of stops.reverse()) await stop();
      await app.close();
      app.logger.info({ seconds: (Date.now() - started) / 1000 }, 'stopped');
    },
  };
}

/** The handlers, noting which jobs run (by id) while they do. */
function tracked(
  handlers: ReadonlyMap<string, JobHandler>,
  running: Map<string, string>,
): Map<string, JobHandler> {
  const wrap =
    (name: string, handler: JobHandler): JobHandler =>
    async (payload, context) => {
      running.set(context.jobId, name);
      try {
        await handler(payload, context);
      } finally {
        running.delete(context.jobId);
      }
    };
  return new Map([...handlers].map(([name, handler]) => [name, wrap(name, handler)]));
}

/**
 * Starts the service and keeps it running until SIGINT or SIGTERM (or, started by npm, until its
 * parent exits), then stops it cleanly.
 */
export async function runService(
  config: Config,
  options: { roles: readonly ServiceRole[]; demo: boolean },
): Promise<void> {
  const service = await startService(config, options);
  // Listening before saying it runs: a supervisor that stops it as soon as it is told so must
  // find the signal handled (a SIGTERM in between killed the process without its shutdown).
  const stopping = untilStopped();
  service.app.logger.info(
    {
      roles: options.roles,
      url: service.url,
      ...(service.opsUrl ? { metrics: `${service.opsUrl}/metrics` } : {}),
      database: service.app.store.dialect,
      jobs: config.jobs.redisUrl ? 'bullmq' : 'embedded',
    },
    'calintel is running',
  );
  if (!service.url && !service.opsUrl)
    service.app.logger.warn(
      'this process serves no /metrics: set METRICS_PORT to expose its job and sync counters',
    );
  // A worker of the embedded shape holds no socket and its poll timer is unref'd: without this
  // timer `serve --role worker` would exit at once (Node's exit code 13, unsettled await).
  const keepAlive = setInterval(() => {}, 3_600_000);
  const signal = await stopping;
  service.app.logger.info({ signal }, 'shutting down');
  await service.stop().catch((error: unknown) => {
    service.app.logger.error({ err: error }, 'shutdown failed');
  });
  clearInterval(keepAlive);
}
