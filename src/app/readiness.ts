/**
 * What /readyz answers: on the API, and on METRICS_PORT of a process without the api role (a
 * worker, a scheduler), which must say the same thing in the same words.
 */
import type { Readiness, ReadinessCheck } from '../api/api-deps.js';
import type { App } from './app.js';

export async function readiness(app: App): Promise<Readiness> {
  const checks = [await databaseCheck(app)];
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
