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
  // A person reads a command's output: its start-up warnings are plain lines, not JSON logs.
  sayWarnings(config);
  const app = await createApp(
    { ...config, warnings: [] },
    { migrate: options.migrate ?? true },
  ).catch(failed);
  try {
    return await run(app).catch(failed);
  } finally {
    await app.close();
  }
}

/** Levels at which a warning is still said, as the logger would have said it (LOG_LEVEL). */
const WARNING_LEVELS: ReadonlySet<Config['logLevel']> = new Set(['warn', 'info', 'debug', 'trace']);

/**
 * The configuration's start-up warnings (a secret key generated), one readable line each on
 * standard error; the service (`serve`) logs them as JSON like the rest of its log.
 */
export function sayWarnings(
  config: Pick<Config, 'warnings' | 'logLevel'>,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): void {
  if (!WARNING_LEVELS.has(config.logLevel)) return;
  for (const warning of config.warnings) stderr.write(`calintel: warning: ${warning}\n`);
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
  const code = connectionFailureCode(error);
  if (!(error instanceof Error) || code === null) return error;
  const fix = fixFor(code, error.message, databaseUrl);
  return new UsageError(
    `cannot open the database at ${redactUrl(databaseUrl)}: ${error.message || code}${fix ? `; ${fix}` : ''}`,
    { cause: error },
  );
}

/**
 * What to change, for the failures whose message alone does not say it. Without a user in the
 * URL, pg falls back on PGUSER and then USER, which a container or a service unit may not set.
 */
function fixFor(code: string, message: string, databaseUrl: string): string | null {
  if (code === '28000' && /no PostgreSQL user name/i.test(message))
    return `name the user in DATABASE_URL (${redactUrl(withUserPlaceholder(databaseUrl))})`;
  if (code.startsWith('28')) return 'check the user and password in DATABASE_URL';
  if (code === '3D000') return 'create it, or name another database in DATABASE_URL';
  if (code === 'ENOTFOUND') return 'check the host name in DATABASE_URL';
  if (code === SSL_REFUSED)
    return 'enable SSL on the server, or drop sslmode (or ssl) from DATABASE_URL';
  if (TLS_CODE.test(code))
    return "check the server's certificate, or the sslmode (or ssl) of DATABASE_URL";
  return null;
}

function withUserPlaceholder(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/)/, '$1USER@');
}

/**
 * The code of a failure that says the database was not reached or did not let us in, or null:
 * system errors (ECONNREFUSED, ENOTFOUND, ...), TLS refusals, PostgreSQL's connection (08),
 * authorisation (28) and unknown-database (3D000) classes, and SQLite's file that cannot be
 * opened. Node's AggregateError for a refused connection (IPv4 and IPv6 tried) has no message,
 * so the code doubles as the reason.
 */
function connectionFailureCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  // pg's refusal of sslmode=require by a server without SSL has no code, only this message.
  if (error.message === 'The server does not support SSL connections') return SSL_REFUSED;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const reached =
    /^E[A-Z]+$/.test(code) ||
    TLS_CODE.test(code) ||
    /^(08|28)[0-9A-Z]{3}$/.test(code) ||
    code === '3D000' ||
    code.startsWith('SQLITE_CANTOPEN');
  return reached ? code : null;
}

const SSL_REFUSED = 'SSL_REFUSED';

/**
 * Node's codes for a TLS connection whose certificate is refused (a self-signed one, another
 * host's): SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID...
 */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|[A-Z_]*CERT[A-Z_]*$|UNABLE_TO_)/;

/** The address with its password hidden (up to the authority's last `@`: it may hold an `@`). */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^/]*@/, '//$1:***@');
}
