/**
 * A graceful stop (SIGTERM) during a long sync: the queue's stop aborts the job's signal, and the
 * sync must stop at once instead of running to its end (a supervisor's stop timeout would turn
 * the wait into kill -9, and the calendar would then stall until its run claim went stale). The
 * pages committed before the stop stay, with their cursor; the job is retried, and the next run
 * resumes from that cursor and completes the calendar.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { StoreJobAdapter } from '../../src/app/job-store-adapter.js';
import { SYNC_CALENDAR_JOB, SyncService } from '../../src/app/services/sync.service.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq-queue.js';
import type { JobHandler, JobQueue } from '../../src/jobs/job-queue.js';
import { LocalJobQueue } from '../../src/jobs/local-queue.js';
import type {
  CalendarProvider,
  FetchChangesRequest,
  SyncPage,
} from '../../src/providers/provider.js';
import type { Store } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { deleteKeys, REDIS_URL, redisProblem, uniquePrefix } from '../support/queues.js';
import { page } from '../support/scripted-provider.js';

/** Longer than any stop may take: a run that waits it out fails the test's timing. */
const SLOW_MS = 8_000;

/**
 * A feed whose first run lists one page, then answers its second page slowly (the emulators'
 * `slow` fault), giving up when the request's signal aborts, as the HTTP clients do. Later runs
 * answer at once with the page after the cursor they were given.
 */
class SlowSecondPage implements CalendarProvider {
  readonly kind = 'ics' as const;
  readonly cursorsSeen: Array<string | null> = [];
  waiting = false;
  constructor(private readonly pages: [CalendarEvent, CalendarEvent]) {}
  async listCalendars() {
    return [];
  }
  async *fetchChanges(request: FetchChangesRequest): AsyncIterable<SyncPage> {
    this.cursorsSeen.push(request.cursor);
    if (request.cursor === null) {
      yield page([this.pages[0]], { nextCursor: 'after-first', hasMore: true });
      this.waiting = true;
      await slowAnswer(request.signal);
    }
    yield page([this.pages[1]], { nextCursor: 'after-second' });
  }
}

function slowAnswer(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, SLOW_MS);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** A queue of the kind, and how many jobs wait in it (a retry included). */
async function queueOfKind(
  kind: 'embedded' | 'bullmq',
  store: Store,
  prefix: string,
): Promise<{ queue: JobQueue; waiting: () => Promise<number> }> {
  const clock = () => new Date();
  if (kind === 'embedded') {
    const queue = new LocalJobQueue(new StoreJobAdapter(store), {
      concurrency: 1,
      pollIntervalMs: 20,
      lockMs: 60_000,
      clock,
      onError: () => {},
    });
    const waiting = async () =>
      (await store.jobs.list({ name: SYNC_CALENDAR_JOB, status: 'queued' })).length;
    return { queue, waiting };
  }
  const queue = await BullMqJobQueue.connect({
    url: REDIS_URL,
    prefix,
    concurrency: 1,
    onError: () => {},
    onConnectionError: () => {},
  });
  const waiting = async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const inspector = new Queue('jobs', { connection, prefix });
    try {
      const counts = await inspector.getJobCounts('waiting', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    } finally {
      await inspector.close();
      connection.disconnect();
    }
  };
  return { queue, waiting };
}

const KINDS = redisProblem ? (['embedded'] as const) : (['embedded', 'bullmq'] as const);

describeEachDialect('a sync job stopped by the queue', (context) => {
  // Run after a failed test too: its queues closed, its Redis keys deleted.
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  it.each(KINDS)(
    'ends within a second or two, and its retry completes the calendar (%s)',
    async (kind) => {
      const prefix = uniquePrefix();
      if (kind === 'bullmq') cleanups.push(() => deleteKeys(`${prefix}:*`));
      const store = context().store;
      const { scope, calendar } = await seedTenant(store, 'stop');
      const clock = () => new Date();
      const soon = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
      const provider = new SlowSecondPage([
        buildEvent({ providerEventId: 'first', start: soon(24) }),
        buildEvent({ providerEventId: 'second', start: soon(48) }),
      ]);
      const engine = new SyncEngine({
        store: new StoreSyncAdapter(store),
        providers: new Map([['ics', provider]]),
        clock,
        window: { pastDays: 30, futureDays: 365 },
        schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
        // Every page commits on its own, so the first is committed before the slow one is asked for.
        joinPagesUpTo: 1,
      });
      const openQueue = async () => {
        const { queue, waiting } = await queueOfKind(kind, store, prefix);
        cleanups.push(() => queue.close());
        const sync = new SyncService(store, engine, () => engine, queue);
        const handler: JobHandler = (payload, jobContext) => sync.runJob(payload, jobContext);
        queue.start(new Map([[SYNC_CALENDAR_JOB, handler]]));
        return { queue, sync, waiting };
      };

      const stored = async () =>
        (await store.events.list(scope, { calendarId: calendar.id })).items.map(
          (e) => e.event.providerEventId,
        );
      const first = await openQueue();
      expect(await first.sync.queueCalendar(scope, calendar.id)).not.toBeNull();
      // Stopped once the first page is committed (the next one is read ahead meanwhile) and the
      // slow answer is awaited.
      const deadline = Date.now() + 5_000;
      while (!(provider.waiting && (await stored()).length === 1) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(provider.waiting).toBe(true);

      const stopping = Date.now();
      await first.queue.stop();
      expect(Date.now() - stopping).toBeLessThan(2_000);

      // The first page stayed, with its cursor; the job waits for its retry.
      expect(await stored()).toEqual(['first']);
      expect(await first.waiting()).toBe(1);
      await first.queue.close();

      // A restarted worker: the retry resumes after the first page and completes the calendar.
      const second = await openQueue();
      const resumed = Date.now() + 5_000;
      while (provider.cursorsSeen.length < 2 && Date.now() < resumed)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await second.queue.drain();
      await second.queue.close();
      expect(provider.cursorsSeen).toEqual([null, 'after-first']);
      expect((await stored()).sort()).toEqual(['first', 'second']);
      expect(await store.syncStatus.get(scope, calendar.id)).toMatchObject({ state: 'ok' });
    },
    30_000,
  );
});
