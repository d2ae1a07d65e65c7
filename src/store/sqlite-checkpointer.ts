/**
 * WAL checkpoints on a thread of their own.
 *
 * A checkpoint copies the write-ahead log into the database file and syncs both to disk. Left
 * to SQLite (`wal_autocheckpoint`), it runs inside whichever commit crosses the threshold, so
 * the event loop waits for the disk: about 0.45 s of a 100,000-event first sync's 2.3 s of
 * SQLite work (BENCHMARKS.md). Here, once the log has grown past `thresholdBytes`, a worker
 * with its own connection to the same file runs a PASSIVE checkpoint, which never blocks the
 * writer, while the main thread goes on committing. The main connection keeps an automatic
 * checkpoint at a multiple of the threshold as a safety net, and falls back to the threshold
 * itself if the worker cannot be used, so the log stays bounded either way.
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

/** What a worker checkpoint reports: SQLite's `wal_checkpoint` row. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /** Called after each commit: starts a checkpoint when the log has grown past the threshold. */
  afterCommit(): void;
  /** Resolves when no checkpoint is running (tests, and close). */
  idle(): Promise<void>;
  /** Checkpoints the worker has finished, and the last one's result. */
  readonly runs: number;
  readonly lastResult: CheckpointResult | null;
  /** Whether the worker failed and the main connection checkpoints by itself again. */
  readonly fellBack: boolean;
  close(): Promise<void>;
}

/** The log file left after a restart is at most this fraction of the threshold. */
const LEFTOVER_DIVISOR = 4;

/** How far past the threshold the main connection lets the log grow before it checkpoints. */
const SAFETY_NET_FACTOR = 4;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { path, thresholdBytes, sqlite } = options;
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const autoCheckpoint = (bytes: number) =>
    sqlite.pragma(`wal_autocheckpoint = ${Math.ceil(bytes / pageSize)}`);
  autoCheckpoint(thresholdBytes * SAFETY_NET_FACTOR);
  // The log's file size is how its growth is read, so once checkpointed and restarted it must
  // shrink below the threshold (SQLite otherwise keeps the file and writes over it).
  sqlite.pragma(`journal_size_limit = ${Math.floor(thresholdBytes / LEFTOVER_DIVISOR)}`);

  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let fellBack = false;
  let closed = false;
  let runs = 0;
  let lastResult: CheckpointResult | null = null;

  const fallBack = () => {
    fellBack = true;
    if (!closed) autoCheckpoint(thresholdBytes);
    void worker?.terminate();
    worker = null;
  };

  const checkpoint = (active: Worker) =>
    new Promise<void>((resolve) => {
      const done = () => {
        active.off('message', onMessage);
        active.off('error', onError);
        running = null;
        resolve();
      };
      const onMessage = (message: { result?: CheckpointResult; error?: string }) => {
        if (message.result) {
          runs += 1;
          lastResult = message.result;
        } else fallBack();
        done();
      };
      const onError = () => {
        fallBack();
        done();
      };
      active.on('message', onMessage);
      active.on('error', onError);
      active.postMessage('checkpoint');
    });

  return {
    afterCommit() {
      if (closed || fellBack || running || walBytes(path) < thresholdBytes) return;
      worker ??= spawnWorker(path, options.driverModule ?? resolveDriver());
      running = checkpoint(worker);
    },
    idle: () => running ?? Promise.resolve(),
    get runs() {
      return runs;
    },
    get lastResult() {
      return lastResult;
    },
    get fellBack() {
      return fellBack;
    },
    async close() {
      closed = true;
      await running;
      if (worker) await stopWorker(worker);
      worker = null;
    },
  };
}

/** Lets the worker close its connection first: the main connection's close, if it is then the
 * last, checkpoints the rest and removes the log. */
function stopWorker(worker: Worker): Promise<void> {
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

function spawnWorker(path: string, driverModule: string): Worker {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driverModule } });
  // A checkpoint left undone is finished by the next one, or by SQLite when the file closes.
  worker.unref();
  return worker;
}

/**
 * The worker, as plain CommonJS so that it starts in milliseconds under tsx and from dist alike
 * (it needs none of the app's modules). PASSIVE: copies what it can without waiting for readers
 * or the writer, and never takes the write lock.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db = null;
parentPort.on('message', (message) => {
  if (message === 'close') {
    db?.close();
    process.exit(0);
  }
  try {
    db ??= new (require(workerData.driverModule))(workerData.path, { fileMustExist: true });
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ result: row });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;
