/** Whether this service's syncs commit in a writer thread, and the thread if so. */
import type { Config } from '../../config/config.js';
import type { Store } from '../../store/store.js';
import { SyncWriterThread } from './writer-thread.js';

/**
 * A writer thread needs a second connection to the same database: a SQLite file (an in-memory
 * database is private to its connection) that this service opened itself (a store handed in by
 * a caller may not be the configured one). PostgreSQL's commits never held the event loop.
 */
export function syncWriterFor(
  config: Config,
  store: Store,
  storeOpenedHere: boolean,
): SyncWriterThread | null {
  if (!config.syncWriterThread || !storeOpenedHere || store.dialect !== 'sqlite') return null;
  if (isInMemory(config.databaseUrl)) return null;
  return new SyncWriterThread({ databaseUrl: config.databaseUrl, secretKey: config.secretKey });
}

function isInMemory(databaseUrl: string): boolean {
  return databaseUrl.trim().replace(/^sqlite:(\/\/)?/i, '') === ':memory:';
}
