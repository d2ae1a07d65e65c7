/**
 * WAL checkpoints on a thread of their own.
 *
 * A checkpoint copies the write-ahead log into the database file and syncs both to disk. Left
 * to SQLite (`wal_autocheckpoint`), it runs inside whichever commit crosses the threshold, so
 * the event loop waits for the disk: 0.3-0.5 s of a 100,000-event first sync (BENCHMARKS.md).
 * Here, once the log has grown past `thresholdBytes`, a worker with its own connection to the
 * same file copies it with PASSIVE checkpoints, which never block the writer, again and again
 * until everything committed has been copied. The writer then starts the log again from its
 * beginning at its next transaction (SQLite does that when the whole log has been copied), and
 * cuts the file back to `journal_size_limit`, which is how the next growth is seen.
 *
 * A single PASSIVE pass is not enough: the writer commits more while it runs, the log is never
 * wholly copied when the writer begins its next transaction, and it grows without end (a review
 * measured 6-100x the threshold). The log stays bounded whatever the worker does: past
 * SAFETY_NET_FACTOR times the threshold, the main connection checkpoints it itself between two
 * transactions, and if the worker cannot run at all it checkpoints every `thresholdBytes`, as
 * SQLite would.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

export interface CheckpointerOptions {
  /** The database file (its log is `<path>-wal`). */
  path: string;
  /** Log size that starts a checkpoint in the worker. */
  thresholdBytes: number;
  /** The main connection, whose own automatic checkpoint this sets. */
  sqlite: SqliteDatabase.Database;
  /** The better-sqlite3 entry the worker loads; a test points it elsewhere to make it fail. */
  driverModule?: string;
}

/** What the last worker checkpoint reported: SQLite's `wal_checkpoint` row (in pages). */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** Called after each commit: starts a checkpoint when the log has grown past the threshold. */
  afterCommit(): void;
  /** Resolves when no worker checkpoint is running (tests, and close). */
  idle(): Promise<void>;
  /** Checkpoints the worker has finished, and the last one's result. */
  readonly runs: number;
  readonly lastResult: CheckpointResult | null;
  /** Why the worker was given up, once it has been: the main connection checkpoints again. */
  readonly failure: string | null;
  close(): Promise<void>;
}

/** How far past the threshold the log may grow before the main connection checkpoints it. */
const SAFETY_NET_FACTOR = 4;
/** The log file left after a restart is at most this fraction of the threshold. */
const LEFTOVER_DIVISOR = 4;
/** How long the writer waits for a worker run to end before it checkpoints by itself. */
const SAFETY_NET_WAIT_MS = 2000;
/** PASSIVE passes per run: enough to catch up with a writer between two of its commits. */
const PASSES = 8;

// Shared between the threads, so that the writer sees a checkpoint end without waiting for its
// event loop to deliver a message: an import that commits page after page from memory never
// lets the loop turn.
const STATE = 0;
const RUNS = 1;
const LOG = 2;
const CHECKPOINTED = 3;
const IDLE = 0;
const BUSY = 1;
const FAILED = 2;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { path, thresholdBytes, sqlite } = options;
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const autoCheckpoint = (bytes: number) =>
    sqlite.pragma(`wal_autocheckpoint = ${Math.ceil(bytes / pageSize)}`);
  autoCheckpoint(thresholdBytes * SAFETY_NET_FACTOR);
  // SQLite cuts the log file back to this when the log starts again: the file's size is then
  // how much has been written since.
  sqlite.pragma(`journal_size_limit = ${Math.floor(thresholdBytes / LEFTOVER_DIVISOR)}`);

  const shared = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  let worker: Worker | null = null;
  let failure: string | null = null;
  let closed = false;

  const fallBack = (reason: string) => {
    if (failure !== null) return;
    failure = reason;
    Atomics.store(shared, STATE, FAILED);
    if (!closed) autoCheckpoint(thresholdBytes);
    void worker?.terminate();
    worker = null;
  };

  const startWorker = (): Worker => {
    const started = spawnWorker(path, options.driverModule ?? resolveDriver(), shared);
    started.on('message', (message: { error?: string }) => {
      if (!message.error) return;
      fallBack(message.error);
      // The shared state may have told the writer first; the message says why.
      failure = message.error;
    });
    started.on('error', (error) => fallBack(error.message));
    started.on('exit', () => {
      if (!closed) fallBack('the checkpoint worker exited');
    });
    return started;
  };

  const checkpointIfDue = () => {
    const state = Atomics.load(shared, STATE);
    if (state === FAILED) return fallBack('the checkpoint worker failed');
    const bytes = walBytes(path);
    if (bytes >= thresholdBytes * SAFETY_NET_FACTOR) {
      // The worker has not kept up: let its run end (it holds the checkpoint lock meanwhile),
      // then copy the log here, between two transactions, as SQLite's own checkpoint would.
      // The next transaction starts the log again. Only a writer faster than the disk waits.
      Atomics.wait(shared, STATE, BUSY, SAFETY_NET_WAIT_MS);
      sqlite.pragma('wal_checkpoint(PASSIVE)');
      return;
    }
    if (bytes < thresholdBytes || state !== IDLE) return;
    worker ??= startWorker();
    Atomics.store(shared, STATE, BUSY);
    worker.postMessage('checkpoint');
  };

  return {
    afterCommit() {
      if (closed || failure !== null) return;
      // Runs after COMMIT: a failure here must not make a committed page look failed.
      try {
        checkpointIfDue();
      } catch (error) {
        fallBack(error instanceof Error ? error.message : String(error));
      }
    },
    idle: () => whenNotBusy(shared),
    get runs() {
      return Atomics.load(shared, RUNS);
    },
    get lastResult() {
      if (Atomics.load(shared, RUNS) === 0) return null;
      return { log: Atomics.load(shared, LOG), checkpointed: Atomics.load(shared, CHECKPOINTED) };
    },
    get failure() {
      return failure;
    },
    async close() {
      closed = true;
      await whenNotBusy(shared);
      if (worker) await stopWorker(worker);
      worker = null;
    },
  };
}

async function whenNotBusy(shared: Int32Array): Promise<void> {
  while (Atomics.load(shared, STATE) === BUSY) await delay(BUSY_POLL_MS);
}

const BUSY_POLL_MS = 5;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Lets the worker close its connection first: the main connection's close, if it is then the
 * last, checkpoints the rest and removes the log.
 */
function stopWorker(worker: Worker): Promise<void> {
  // threadId is -1 once the thread has stopped.
  if (worker.threadId === -1) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    // Unreferenced, it would not keep the event loop alive long enough to say it has exited.
    worker.ref();
    worker.postMessage('close');
  });
}

function walBytes(path: string): number {
  return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

function resolveDriver(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

function spawnWorker(path: string, driverModule: string, shared: Int32Array): Worker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driverModule, shared },
  });
  // A checkpoint left undone is finished by the next one, or by SQLite when the file closes.
  worker.unref();
  return worker;
}

/**
 * The worker, as plain CommonJS so that it starts in milliseconds under tsx and from dist alike
 * (it needs none of the app's modules). PASSIVE never waits for the writer or for readers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const shared = workerData.shared;
let db = null;
parentPort.on('message', (message) => {
  if (message === 'close') {
    try {
      if (db) db.close();
    } finally {
      process.exit(0);
    }
  }
  try {
    if (!db) db = new (require(workerData.driverModule))(workerData.path, { fileMustExist: true });
    let row = null;
    for (let pass = 0; pass < ${PASSES}; pass++) {
      [row] = db.pragma('wal_checkpoint(PASSIVE)');
      if (row.checkpointed >= row.log) break;
    }
    Atomics.store(shared, ${LOG}, row.log);
    Atomics.store(shared, ${CHECKPOINTED}, row.checkpointed);
    Atomics.add(shared, ${RUNS}, 1);
    Atomics.store(shared, ${STATE}, ${IDLE});
  } catch (error) {
    Atomics.store(shared, ${STATE}, ${FAILED});
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
  Atomics.notify(shared, ${STATE});
});
`;
