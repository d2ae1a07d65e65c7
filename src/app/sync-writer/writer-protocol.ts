/** The messages between the main thread and the sync writer thread. */
import type { PageCounts } from '../../sync/sync-store.js';
import type { WirePageCommit } from './page-wire.js';

/** What the writer thread opens: the same database file as the main thread's store. */
export interface WriterSettings {
  databaseUrl: string;
  secretKey: string;
}

export type WriterRequest =
  { kind: 'commit'; id: number; commit: WirePageCommit } | { kind: 'close' };

export type WriterReply =
  | { kind: 'committed'; id: number; counts: PageCounts }
  | { kind: 'failed'; id: number; error: { name: string; message: string } };
