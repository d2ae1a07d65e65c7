/**
 * The engine reads the next page while the page before it commits (in the writer thread, or a
 * PostgreSQL round trip), and still commits pages one at a time, in order.
 */
import { describe, expect, it } from 'vitest';
import { emptyChangeCounts } from '../domain/changes/event-change.js';
import type { CalendarProvider, SyncPage } from '../providers/provider.js';
import { SyncEngine } from './sync-engine.js';
import type { PageCounts, SyncStore, SyncTarget } from './sync-store.js';

const SCOPE = { orgId: 'org', userId: 'user' };

function page(n: number, more: Partial<SyncPage> = {}): SyncPage {
  return {
    mode: 'delta',
    upserts: [],
    deletions: [`gone-${n}`],
    issues: [],
    nextCursor: `cursor-${n}`,
    hasMore: true,
    ...more,
  };
}

/** A store whose commits finish only when the test says so, logging what happens when. */
class ControlledStore implements SyncStore {
  readonly log: string[] = [];
  readonly finishCommit: Array<(outcome: 'ok' | Error) => void> = [];
  failure: string | null = null;

  async loadTarget(): Promise<SyncTarget> {
    return {
      scope: SCOPE,
      provider: 'ics',
      connection: { id: 'c', secrets: {}, settings: {}, saveSecrets: async () => undefined },
      calendarId: 'cal',
      calendar: { providerCalendarId: 'p', name: 'n', timeZone: null, isPrimary: true },
      cursor: null,
      consecutiveFailures: 0,
    };
  }
  async startRun(): Promise<number> {
    return 1;
  }
  async nextGeneration(): Promise<number> {
    return 2;
  }
  commitPage(_target: SyncTarget, committed: SyncPage): Promise<PageCounts> {
    const name = committed.nextCursor ?? '?';
    this.log.push(`commit ${name}`);
    return new Promise((resolve, reject) => {
      this.finishCommit.push((outcome) => {
        this.log.push(`committed ${name}`);
        if (outcome instanceof Error) reject(outcome);
        else
          resolve({ added: 0, updated: 0, unchanged: 0, deleted: 1, changes: emptyChangeCounts() });
      });
    });
  }
  async succeedRun(): Promise<void> {
    this.log.push('succeeded');
  }
  async failRun(_target: SyncTarget, failure: { message: string }): Promise<void> {
    this.failure = failure.message;
    this.log.push('failed');
  }
}

function engineWith(store: SyncStore): SyncEngine {
  return new SyncEngine({
    store,
    providers: new Map<string, CalendarProvider>(),
    clock: () => new Date('2026-03-01T12:00:00Z'),
    window: { pastDays: 90, futureDays: 365 },
    schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
  });
}

/** Pages produced on demand (as an ICS import's are), logging each read. */
function* pages(store: ControlledStore, count: number, failAt: number | null = null) {
  for (let n = 1; n <= count; n += 1) {
    store.log.push(`read ${n}`);
    if (n === failAt) throw new Error(`page ${n} could not be read`);
    yield page(n, { hasMore: n < count });
  }
}

/** Lets every pending callback run, so that the log shows all the engine could do. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the sync engine with commits that take time', () => {
  it('reads the next page while a page commits, and commits the pages one at a time in order', async () => {
    const store = new ControlledStore();
    const run = engineWith(store).syncCalendar(SCOPE, 'cal', { pages: pages(store, 3) });
    await settle();
    expect(store.log).toEqual(['read 1', 'commit cursor-1', 'read 2']);
    store.finishCommit[0]?.('ok');
    await settle();
    expect(store.log.slice(3)).toEqual(['committed cursor-1', 'commit cursor-2', 'read 3']);
    store.finishCommit[1]?.('ok');
    await settle();
    store.finishCommit[2]?.('ok');
    const outcome = await run;
    expect(outcome.deleted).toBe(3);
    expect(store.log.slice(6)).toEqual([
      'committed cursor-2',
      'commit cursor-3',
      'committed cursor-3',
      'succeeded',
    ]);
  });

  it('lets the page before finish committing when the next one cannot be read', async () => {
    const store = new ControlledStore();
    const run = engineWith(store).syncCalendar(SCOPE, 'cal', { pages: pages(store, 3, 2) });
    const failed = expect(run).rejects.toThrow('page 2 could not be read');
    await settle();
    expect(store.log).toEqual(['read 1', 'commit cursor-1', 'read 2']);
    store.finishCommit[0]?.('ok');
    await failed;
    expect(store.log).toEqual([
      'read 1',
      'commit cursor-1',
      'read 2',
      'committed cursor-1',
      'failed',
    ]);
  });

  it('stops at a commit that failed: the page read meanwhile is not committed', async () => {
    const store = new ControlledStore();
    const run = engineWith(store).syncCalendar(SCOPE, 'cal', { pages: pages(store, 3) });
    const failed = expect(run).rejects.toThrow('disk full');
    await settle();
    store.finishCommit[0]?.(new Error('disk full'));
    await failed;
    expect(store.log).toEqual([
      'read 1',
      'commit cursor-1',
      'read 2',
      'committed cursor-1',
      'failed',
    ]);
    expect(store.failure).toBe('disk full');
  });
});
