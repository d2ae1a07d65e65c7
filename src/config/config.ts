import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseDotenv } from 'dotenv';
import { sqliteTarget } from '../store/database-url.js';
import { urlHost } from './host.js';
import { envSchema, incompleteProviderSettings, retentionProblems, type Env } from './schema.js';
import type { TrustProxy } from './trust-proxy.js';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  /** Null: the service's own callback under its public URL. */
  redirectUri: string | null;
  apiUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  channelRenewBeforeMs: number;
}

export interface MicrosoftSettings {
  clientId: string;
  clientSecret: string;
  /** `common`, `organizations`, `consumers` or a tenant id. */
  tenantId: string;
  /** Null: the service's own callback under its public URL. */
  redirectUri: string | null;
  authorityUrl: string;
  graphApiUrl: string;
  subscriptionRenewBeforeMs: number;
}

export interface ProviderSettings {
  google: GoogleSettings | null;
  microsoft: MicrosoftSettings | null;
  exchange: { serverUrl: string; version: string | null } | null;
}

/** The parsed, frozen configuration handed to every part that needs settings. */
export interface Config {
  env: Env['NODE_ENV'];
  dataDir: string;
  databaseUrl: string;
  /** PostgreSQL: bounds on opening a connection and on a statement (0: none). */
  databaseTimeouts: { connectMs: number; statementMs: number };
  host: string;
  port: number;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  secretKey: string;
  syncWindow: { pastDays: number; futureDays: number };
  syncIntervalMinutes: number;
  syncFailureAlertMinutes: number;
  ics: { fetchTimeoutMs: number; maxBytes: number };
  /** Feeds and CalDAV servers on the private network or this machine may be used. */
  allowPrivateNetworkCalendars: boolean;
  api: {
    bodyLimitBytes: number;
    rateLimitPerMinute: number;
    livePollMs: number;
    trustProxy: TrustProxy;
  };
  /** redisUrl set: BullMQ on Redis (the scaled shape); null: the embedded jobs table. */
  jobs: { concurrency: number; redisUrl: string | null; redisPrefix: string };
  /** Events that ended more days ago than this are deleted (always past the sync window). */
  eventRetentionDays: number;
  /** How long feedback waits for more before the organisation's model is refitted. */
  meetingAdaptationDelayMs: number;
  metricsEnabled: boolean;
  /** Where a process without the api role serves its metrics and health; null: it does not. */
  metricsPort: number | null;
  providers: ProviderSettings;
  /** Things worth telling the operator at start, e.g. a secret key that was generated. */
  warnings: string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * The SQLite file that DATABASE_URL names does not exist, and the caller asked for one that does
 * (`databaseMustExist`): a mistyped path, which opening would make into a new, empty database.
 */
export class MissingDatabaseError extends Error {
  override readonly name = 'MissingDatabaseError';
  constructor(readonly path: string) {
    super(`no database at ${path}`);
  }
}

export interface LoadConfigOptions {
  /**
   * Refuse (MissingDatabaseError) a SQLite file named by DATABASE_URL that does not exist, before
   * anything is written (the generated secret key). The embedded default (no DATABASE_URL) is
   * exempt: it is created on first run. Default: false.
   */
  databaseMustExist?: boolean;
}

/**
 * The file a SQLite database URL names, resolved against the working folder, read as the store
 * opens it (src/store/database-url.ts); null for PostgreSQL, an in-memory database or no path.
 */
export function sqliteFileOf(url: string): string | null {
  const file = sqliteTarget(url);
  return file === null || file === '' || file === ':memory:' ? null : path.resolve(file);
}

/** Reads `.env` (when present) under the real environment; the real environment wins. */
export function readEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
  dotenvPath = '.env',
): Record<string, string | undefined> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return { ...fromFile, ...environment };
}

/** Validates every setting at once; throws ConfigError with one line per problem. */
export function loadConfig(
  environment: Record<string, string | undefined> = readEnvironment(),
  options: LoadConfigOptions = {},
): Config {
  const parsed = envSchema.safeParse(environment);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map(describeIssue)),
    ...incompleteProviderSettings(environment),
    ...retentionProblems(environment),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const warnings: string[] = [];
  const dataDir = path.resolve(env.CALINTEL_DATA_DIR);
  const dataDirIssue = dataDirProblem(dataDir);
  if (dataDirIssue) throw new ConfigError([`CALINTEL_DATA_DIR: ${dataDirIssue}`]);
  if (options.databaseMustExist && env.DATABASE_URL !== undefined) {
    const file = sqliteFileOf(env.DATABASE_URL);
    if (file !== null && !existsSync(file)) throw new MissingDatabaseError(file);
  }
  const secretKey =
    env.CALINTEL_SECRET_KEY ?? loadOrCreateSecretKey(dataDir, warnings, isShared(env.DATABASE_URL));
  return Object.freeze({
    env: env.NODE_ENV,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'calintel.sqlite')}`,
    databaseTimeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.CALINTEL_PUBLIC_URL ?? `http://${urlHost(env.HOST)}:${env.PORT}`).replace(
      /\/+$/,
      '',
    ),
    logLevel: env.LOG_LEVEL,
    secretKey,
    syncWindow: { pastDays: env.SYNC_WINDOW_PAST_DAYS, futureDays: env.SYNC_WINDOW_FUTURE_DAYS },
    syncIntervalMinutes: env.SYNC_INTERVAL_MINUTES,
    syncFailureAlertMinutes: env.SYNC_FAILURE_ALERT_MINUTES,
    ics: { fetchTimeoutMs: env.ICS_FETCH_TIMEOUT_MS, maxBytes: env.ICS_MAX_BYTES },
    allowPrivateNetworkCalendars: env.ALLOW_PRIVATE_NETWORK_CALENDARS,
    api: {
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
      livePollMs: env.LIVE_POLL_MS,
      trustProxy: env.TRUST_PROXY,
    },
    jobs: {
      concurrency: env.JOBS_CONCURRENCY,
      redisUrl: env.REDIS_URL ?? null,
      redisPrefix: env.REDIS_PREFIX,
    },
    eventRetentionDays: env.EVENT_RETENTION_DAYS,
    meetingAdaptationDelayMs: env.MEETING_ADAPTATION_DELAY_SECONDS * 1000,
    metricsEnabled: env.METRICS_ENABLED,
    metricsPort: env.METRICS_PORT ?? null,
    providers: providerSettings(env),
    warnings,
  });
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.') || 'environment'}: ${issue.message}`;
}

function providerSettings(env: Env): ProviderSettings {
  return {
    google:
      env.GOOGLE_CALENDAR_CLIENT_ID && env.GOOGLE_CALENDAR_CLIENT_SECRET
        ? {
            clientId: env.GOOGLE_CALENDAR_CLIENT_ID,
            clientSecret: env.GOOGLE_CALENDAR_CLIENT_SECRET,
            redirectUri: env.GOOGLE_CALENDAR_REDIRECT_URI ?? null,
            apiUrl: env.GOOGLE_CALENDAR_API_URL,
            authorizeUrl: env.GOOGLE_OAUTH_AUTHORIZE_URL,
            tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
            revokeUrl: env.GOOGLE_OAUTH_REVOKE_URL,
            channelRenewBeforeMs: env.GOOGLE_CHANNEL_RENEW_BEFORE_HOURS * 3_600_000,
          }
        : null,
    microsoft:
      env.MICROSOFT_CLIENT_ID && env.MICROSOFT_CLIENT_SECRET
        ? {
            clientId: env.MICROSOFT_CLIENT_ID,
            clientSecret: env.MICROSOFT_CLIENT_SECRET,
            tenantId: env.MICROSOFT_TENANT_ID,
            redirectUri: env.MICROSOFT_REDIRECT_URI ?? null,
            authorityUrl: env.MICROSOFT_AUTHORITY_URL,
            graphApiUrl: env.MICROSOFT_GRAPH_API_URL,
            subscriptionRenewBeforeMs: env.MICROSOFT_SUBSCRIPTION_RENEW_BEFORE_HOURS * 3_600_000,
          }
        : null,
    exchange: env.EXCHANGE_SERVER_URL
      ? { serverUrl: env.EXCHANGE_SERVER_URL, version: env.EXCHANGE_VERSION ?? null }
      : null,
  };
}

/** PostgreSQL: a database that processes on several machines may share. */
function isShared(databaseUrl: string | undefined): boolean {
  return databaseUrl !== undefined && sqliteTarget(databaseUrl) === null;
}

/**
 * Without CALINTEL_SECRET_KEY the embedded shape still has to keep secrets encrypted, so a key is
 * generated once into the data folder (readable by the owner only) and reused on every start.
 * Not for a shared database: each machine would make a key of its own, and those whose key is
 * not the one the secrets were sealed with could not read them. A key file already in the data
 * folder (one host started before this rule) is still read; the database's key check
 * (store/secret-key-check.ts) refuses it if it is not the database's.
 */
function loadOrCreateSecretKey(dataDir: string, warnings: string[], shared: boolean): string {
  const keyFile = path.join(dataDir, 'secret.key');
  if (existsSync(keyFile)) {
    const key = readFileSync(keyFile, 'utf8').trim();
    if (/^[0-9a-f]{64}$/i.test(key)) return key;
    throw new ConfigError([`${keyFile}: not a 64-hex-character key; fix or remove it`]);
  }
  if (shared)
    throw new ConfigError([
      'CALINTEL_SECRET_KEY: not set, and DATABASE_URL is PostgreSQL, which several processes may share: none is generated, as each machine would make its own; set it to the key of the processes already using this database (a new database: 64 hex characters, e.g. `openssl rand -hex 32`)',
    ]);
  let key: string;
  try {
    mkdirSync(dataDir, { recursive: true });
    key = randomBytes(32).toString('hex');
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([
      `CALINTEL_DATA_DIR: cannot write the generated secret key to ${keyFile} (${reason}); make the folder writable, or set CALINTEL_SECRET_KEY`,
    ]);
  }
  warnings.push(
    `CALINTEL_SECRET_KEY is not set: generated one into ${keyFile}. Back it up; stored secrets cannot be read without it.`,
  );
  return key;
}

/**
 * Why the data folder cannot be used, or null; one that does not exist yet is made when needed.
 * A file in its place would otherwise surface as EEXIST or ENOTDIR from deep inside the start.
 */
function dataDirProblem(dataDir: string): string | null {
  try {
    return statSync(dataDir).isDirectory() ? null : `${dataDir} is a file, not a folder`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return `${dataDir} cannot be a folder: part of its path is a file`;
    return `cannot read ${dataDir} (${code ?? String(error)})`;
  }
}
