/**
 * Whether the database answers, for /readyz. PostgreSQL is a server that may keep its
 * connections open and answer nothing (hung, paused, a black-holed path): its query is bounded
 * and one at a time, as Redis's PING is (ping-check.ts). SQLite runs in this process: its query
 * answers or fails.
 */
import { PingCheck, type PingResult } from '../jobs/ping-check.js';
import type { Store } from '../store/store.js';

export function databaseHealthOf(store: Store): () => Promise<PingResult> {
  if (store.dialect === 'postgres') {
    const check = new PingCheck(() => store.ping());
    return () => check.check();
  }
  return () =>
    store.ping().then(
      (): PingResult => ({ state: 'answered' }),
      (error: unknown): PingResult => ({ state: 'failed', error }),
    );
}
