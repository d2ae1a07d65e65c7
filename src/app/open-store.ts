/**
 * Opens the store for a process and makes sure its CALINTEL_SECRET_KEY is the database's: a
 * process that could not open the stored secrets would otherwise start, say it is ready, and
 * fail every sync it takes. It stops instead, as for any bad setting (ConfigError, exit 78).
 */
import { ConfigError, type Config } from '../config/config.js';
import { Store, type MigrationOutcome } from '../store/store.js';
import type { Logger } from './logger.js';

export const KEY_DIFFERS =
  "CALINTEL_SECRET_KEY: differs from the one this database's secrets were sealed with; start every process on this database with that key";

/** Opens (and, unless told not to, migrates) the store; checks the key once migrated. */
export async function openAppStore(
  config: Config,
  logger: Logger,
  migrate: boolean,
): Promise<Store> {
  const store = await Store.open({
    url: config.databaseUrl,
    secretKey: config.secretKey,
    migrate,
    onPoolError: (error) =>
      logger.warn({ err: error }, 'PostgreSQL dropped a pooled connection; it is replaced'),
    onCloseCutShort: (message) => logger.warn(`shutdown: ${message}`),
    connectTimeoutMs: config.databaseTimeouts.connectMs,
    statementTimeoutMs: config.databaseTimeouts.statementMs,
  });
  if (!migrate) return store;
  try {
    await requireDatabaseKey(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** `calintel migrate` opens the store unmigrated: the key check follows its migration. */
export async function migrateAndCheckKey(store: Store): Promise<MigrationOutcome> {
  const outcome = await store.migrate();
  await requireDatabaseKey(store);
  return outcome;
}

async function requireDatabaseKey(store: Store): Promise<void> {
  const verdict = await store.checkSecretKey();
  if (verdict.outcome === 'differs') throw new ConfigError([KEY_DIFFERS]);
}
