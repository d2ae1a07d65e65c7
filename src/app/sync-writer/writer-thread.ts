/**
 * The main thread's side of the sync writer thread (writer-worker.ts). A SQLite commit is
 * synchronous: on the main thread it holds the event loop, so the next page can neither arrive
 * nor be mapped while a page is written. In a thread of its own, the commit and the next page
 * proceed side by side on the machine's second core (BENCHMARKS.md, Google initial sync).
 *
 * The thread starts with the first commit and keeps the process alive only while a commit is
 * under way. If it dies, the commits it held fail with a clear error (each was one transaction:
 * nothing half-written stays) and the next commit starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { PageCounts } from '../../sync/sync-store.js';
import type { PageCommit, PageWriter } from './commit-page.js';
import { toWire, type WirePageCommit } from './page-wire.js';
import type { WriterReply, WriterRequest, WriterSettings } from './writer-protocol.js';

interface Waiting {
  resolve: (counts: PageCounts) => void;
  reject: (error: Error) => void;
}

export class SyncWriterThread implements PageWriter {
  #worker: Worker | null = null;
  #closing: Promise<void> | null = null;
  readonly #waiting = new Map<number, Waiting>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #nextId = 1;

  /** `entry`: the worker module (tests give one that fails); default writer-worker beside this. */
  constructor(
    private readonly settings: WriterSettings,
    private readonly entry: URL = defaultEntry(),
  ) {}

  /** Commits one page in the writer thread (see commitPageTo). */
  commit(commit: PageCommit): Promise<PageCounts> {
    if (this.#closing) return Promise.reject(new Error('the sync writer thread is closed'));
    let wire: WirePageCommit;
    try {
      wire = toWire(commit);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    const counts = new Promise<PageCounts>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
    });
    const settled = counts.catch(() => undefined);
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    worker.ref();
    worker.postMessage({ kind: 'commit', id, commit: wire } satisfies WriterRequest);
    return counts;
  }

  /**
   * Starts the thread ahead of a run's first commit, so that it opens its connection while the
   * first page is fetched. It keeps the process alive only once it has a commit to do.
   */
  prepare(): void {
    if (!this.#closing && !this.#worker) this.#start().unref();
  }

  /** Lets the commits under way finish, then closes the thread's database connection. */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    await Promise.all(this.#inFlight);
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  #start(): Worker {
    const worker = startWorker(this.entry, this.settings);
    worker.on('message', (reply: WriterReply) => this.#answer(worker, reply));
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      this.#failAll(new Error(`the sync writer thread stopped (exit code ${code})`));
    });
    this.#worker = worker;
    return worker;
  }

  #answer(worker: Worker, reply: WriterReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    if (this.#waiting.size === 0) worker.unref();
    if (reply.kind === 'committed') waiting.resolve(reply.counts);
    else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }

  #failAll(error: Error): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { reject } of waiting) reject(error);
  }
}

/** The worker module beside this one: compiled JavaScript, or under tsx or vitest the source. */
function defaultEntry(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./writer-worker.${extension}`, import.meta.url);
}

/** A worker thread running `entry`; a TypeScript entry registers tsx first to load it. */
function startWorker(entry: URL, workerData: WriterSettings): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const boot =
    `import('tsx/esm/api').then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
