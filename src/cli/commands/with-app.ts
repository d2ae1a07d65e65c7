/** Opens the application for one command and always closes it, so the process can exit. */
import { createApp, type App } from '../../app/app.js';
import {
  loadConfig,
  MissingDatabaseError,
  readEnvironment,
  type Config,
} from '../../config/config.js';
import { QueueUnavailableError } from '../../jobs/job-queue.js';
import { UsageError } from '../output.js';

export interface WithAppOptions {
  /** Bring the schema up to date first (default: true; `migrate` does it itself). */
  migrate?: boolean;
  /**
   * Whether the command may create the SQLite file that DATABASE_URL names (default: false; only
   * `migrate` and `users create` may). Otherwise a missing file is a mistyped path: the command
   * stops naming it, before anything is created. The embedded default (no DATABASE_URL, the file
   * in the data folder) is always created on first run.
   */
  createDatabase?: boolean;
}

export async function withApp<T>(
  run: (app: App) => Promise<T>,
  options: WithAppOptions = {},
): Promise<T> {
  const config = configFor(options.createDatabase ?? false);
  // The first query (the migration, or the command's own) is where an unreachable database shows.
  const failed = (error: unknown) => {
    throw connectionError(error, config.databaseUrl);
  };
  const app = await createApp(config, { migrate: options.migrate ?? true }).catch(failed);
  try {
    return await run(app).catch(failed);
  } finally {
    await app.close();
  }
}

/**
 * The settings for a command; unless it may create the database, a SQLite file named by
 * DATABASE_URL that is not there is a usage error (a mistyped path), not a new empty database.
 */
export function configFor(createDatabase: boolean): Config {
  try {
    return loadConfig(readEnvironment(), { databaseMustExist: !createDatabase });
  } catch (error) {
    if (!(error instanceof MissingDatabaseError)) throw error;
    throw new UsageError(
      `no database at ${error.path}: check DATABASE_URL, or run \`calintel migrate\` to create it`,
    );
  }
}

/**
 * A database or queue that cannot be reached is the user's to fix (a wrong address, a server not
 * started): one line naming it, and where the reason does not say it, how to fix it; not a stack
 * trace (the cause is kept for LOG_LEVEL=debug). Anything else is passed on as it is.
 */
export function connectionError(error: unknown, databaseUrl: string): unknown {
  if (error instanceof QueueUnavailableError)
    return new UsageError(error.message, { cause: error });
  if (!isConnectionFailure(error)) return error;
  const fix = fixFor(error, databaseUrl);
  return new UsageError(
    `cannot open the database at ${redactUrl(databaseUrl)}: ${reasonOf(error)}${fix ? `; ${fix}` : ''}`,
    { cause: error },
  );
}

/**
 * What to change, for the failures whose message alone does not say it. Without a user in the
 * URL, pg falls back on PGUSER and then USER, which a container or a service unit may not set.
 */
function fixFor(error: Error & { code: string }, databaseUrl: string): string | null {
  if (error.code === '28000' && /no PostgreSQL user name/i.test(error.message))
    return `name the user in DATABASE_URL (${redactUrl(withUserPlaceholder(databaseUrl))})`;
  if (error.code.startsWith('28')) return 'check the user and password in DATABASE_URL';
  if (error.code === '3D000') return 'create it, or name another database in DATABASE_URL';
  if (error.code === 'ENOTFOUND') return 'check the host name in DATABASE_URL';
  return null;
}

function withUserPlaceholder(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/)/, '$1USER@');
}

/**
 * Codes that say the database was not reached or let us in: system errors (ECONNREFUSED,
 * ENOTFOUND, ...), PostgreSQL's connection (08), authorisation (28) and unknown-database (3D000)
 * classes, and SQLite's file that cannot be opened.
 */
function isConnectionFailure(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return (
    /^E[A-Z]+$/.test(code) ||
    /^(08|28)[0-9A-Z]{3}$/.test(code) ||
    code === '3D000' ||
    code.startsWith('SQLITE_CANTOPEN')
  );
}

/** Node's AggregateError for a refused connection (IPv4 and IPv6 tried) has no message. */
function reasonOf(error: Error & { code: string }): string {
  return error.message || error.code;
}

/** The address with its password hidden (up to the authority's last `@`: it may hold an `@`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^/]*@/, '//$1:***@');
}
