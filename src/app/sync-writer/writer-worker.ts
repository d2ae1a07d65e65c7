/**
 * The sync writer thread: commits pages of syncs with a connection of its own to the store's
 * SQLite file, so that the main thread goes on fetching and mapping the next page meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../../store/store.js';
import { commitPageTo } from './commit-page.js';
import { fromWire } from './page-wire.js';
import type { WriterReply, WriterRequest, WriterSettings } from './writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('writer-worker.ts runs as a worker thread only');
const settings = workerData as WriterSettings;
// The main thread migrated the database before it started this thread.
const store = await Store.open({
  url: settings.databaseUrl,
  secretKey: settings.secretKey,
  migrate: false,
});

/** Commits not yet answered: closing waits for them. */
const inFlight = new Set<Promise<void>>();

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    void Promise.all(inFlight)
      .then(() => store.close())
      // With its port closed, the thread has nothing left to do and exits.
      .then(() => port.close());
    return;
  }
  const done = commitPageTo(store, fromWire(request.commit)).then(
    (counts) => reply({ kind: 'committed', id: request.id, counts }),
    (error: unknown) => reply({ kind: 'failed', id: request.id, error: describe(error) }),
  );
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
});

function reply(message: WriterReply): void {
  port?.postMessage(message);
}

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
