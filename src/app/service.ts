/**
 * Runs the service in one or more roles: `api` answers HTTP, `worker` runs queued jobs,
 * `scheduler` enqueues due syncs every minute. The embedded shape runs all three in one process.
 */
import { Cron } from 'croner';
import { buildServer } from '../api/server.js';
import type { Config } from '../config/config.js';
import type { JobHandler } from '../jobs/job-queue.js';
import { apiDepsFor } from './api-adapter.js';
import { createApp, type App } from './app.js';
import { setUpDemo } from './demo.js';
import { SYNC_CALENDAR_JOB } from './services/sync.service.js';

export const SERVICE_ROLES = ['api', 'worker', 'scheduler'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export interface RunningService {
  app: App;
  url: string | null;
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  options: { roles: readonly ServiceRole[]; demo: boolean },
): Promise<RunningService> {
  const app = await createApp(config);
  const stops: Array<() => Promise<void>> = [];
  let url: string | null = null;
  try {
    if (options.roles.includes('worker')) {
      const handlers = new Map<string, JobHandler>([
        [SYNC_CALENDAR_JOB, (payload) => app.sync.runJob(payload)],
      ]);
      app.queue.start(handlers);
    }
    if (options.roles.includes('scheduler')) {
      const tick = async (): Promise<void> => {
        try {
          await app.sync.enqueueDue(new Date());
        } catch (error) {
          app.logger.error({ err: error }, 'scheduling syncs failed');
        }
      };
      const cron = new Cron('* * * * *', { protect: true }, tick);
      stops.push(async () => cron.stop());
      void tick();
    }
    if (options.roles.includes('api')) {
      const server = await buildServer(apiDepsFor(app));
      url = await server.listen({ host: config.host, port: config.port });
      stops.push(() => server.close());
    }
    if (options.demo) await setUpDemo(app, url);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    url,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
      await app.close();
    },
  };
}

/** Starts the service and keeps it running until SIGINT or SIGTERM, then stops it cleanly. */
export async function runService(
  config: Config,
  options: { roles: readonly ServiceRole[]; demo: boolean },
): Promise<void> {
  const service = await startService(config, options);
  service.app.logger.info(
    { roles: options.roles, url: service.url, database: service.app.store.dialect },
    'calintel is running',
  );
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      service.app.logger.info({ signal }, 'shutting down');
      service.stop().then(resolve, (error: unknown) => {
        service.app.logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
