/**
 * What /readyz answers: on the API, and on METRICS_PORT of a process without the api role (a
 * worker, a scheduler), which must say the same thing in the same words.
 */
import type { Readiness, ReadinessCheck } from '../api/api-deps.js';
import type { App } from './app.js';

export async function readiness(app: App): Promise<Readiness> {
  const checks = [await databaseCheck(app), ...queueChecks(app)];
  return { status: checks.every((check) => check.ok) ? 'ready' : 'not_ready', checks };
}

async function databaseCheck(app: App): Promise<ReadinessCheck> {
  return app.store
    .ping()
    .then(() => ({ name: 'database', ok: true }))
    .catch((error: unknown) => {
      app.logger.warn({ err: error }, 'readiness: the database did not answer');
      return { name: 'database', ok: false, detail: 'the database did not answer' };
    });
}

/**
 * The scaled shape's Redis, as the queue's connection sees it (no round trip: while it is down,
 * ioredis is reconnecting and says so; the queue's own log tells why, once).
 */
function queueChecks(app: App): ReadinessCheck[] {
  if (!app.redisReachable) return [];
  if (app.redisReachable()) return [{ name: 'redis', ok: true }];
  return [{ name: 'redis', ok: false, detail: 'the job queue (Redis) is not reachable' }];
}
