/**
 * What /readyz answers: on the API, and on METRICS_PORT of a process without the api role (a
 * worker, a scheduler), which must say the same thing in the same words.
 */
import type { Readiness, ReadinessCheck } from '../api/api-deps.js';
import { PING_TIMEOUT_MS } from '../jobs/ping-check.js';
import type { App } from './app.js';

export async function readiness(app: App): Promise<Readiness> {
  const checks = await Promise.all([databaseCheck(app), ...queueChecks(app)]);
  return { status: checks.every((check) => check.ok) ? 'ready' : 'not_ready', checks };
}

const DATABASE_SILENT = `the database did not answer within ${PING_TIMEOUT_MS / 1000} s`;

/** The database answering a query; PostgreSQL within the bound (database-health.ts). */
async function databaseCheck(app: App): Promise<ReadinessCheck> {
  const result = await app.databaseHealth();
  if (result.state === 'answered') return { name: 'database', ok: true };
  if (result.state === 'failed') {
    app.logger.warn({ err: result.error }, 'readiness: the database did not answer');
    return { name: 'database', ok: false, detail: 'the database did not answer' };
  }
  app.logger.warn(`readiness: ${DATABASE_SILENT}`);
  return { name: 'database', ok: false, detail: DATABASE_SILENT };
}

const SILENT = `the job queue (Redis) did not answer within ${PING_TIMEOUT_MS / 1000} s`;

/**
 * The scaled shape's Redis: its connections up (while it is down, ioredis is reconnecting and
 * the queue's own log says why, once), and a PING answered in time, since a hung Redis keeps
 * its connections up (ping-check.ts).
 */
function queueChecks(app: App): Array<Promise<ReadinessCheck>> {
  const health = app.redisHealth;
  if (!health) return [];
  return [
    health().then((state) => {
      if (state === 'answering') return { name: 'redis', ok: true };
      if (state === 'unreachable')
        return { name: 'redis', ok: false, detail: 'the job queue (Redis) is not reachable' };
      app.logger.warn(`readiness: ${SILENT}`);
      return { name: 'redis', ok: false, detail: SILENT };
    }),
  ];
}
