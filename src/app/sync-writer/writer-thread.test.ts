import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildEvent, seedTenant, TEST_SECRET_KEY } from '../../../test/support/databases.js';
import type { SyncPage } from '../../providers/provider.js';
import { Store } from '../../store/store.js';
import { commitPageTo, type PageCommit } from './commit-page.js';
import { SyncWriterThread } from './writer-thread.js';

describe('SyncWriterThread', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let thread: SyncWriterThread;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'calintel-writer-'));
    path = join(dir, 'calintel.sqlite');
    store = await Store.open({ url: `sqlite:${path}`, secretKey: TEST_SECRET_KEY });
    thread = new SyncWriterThread({ databaseUrl: `sqlite:${path}`, secretKey: TEST_SECRET_KEY });
  });

  afterEach(async () => {
    await thread.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function page(overrides: Partial<SyncPage> = {}): SyncPage {
    const upserts = Array.from({ length: 30 }, (_, i) => ({
      event: buildEvent({
        providerEventId: `event-${i}`,
        title: i % 2 ? `Démo ${i} 🚀` : `Call ${i}`,
        description: i % 3 ? null : 'line one\nline "two"',
      }),
      raw: { id: `event-${i}`, nested: { list: [1, null, 'x'], when: '2026-03-02' }, n: i },
    }));
    return {
      mode: 'snapshot',
      upserts,
      deletions: [],
      issues: [],
      nextCursor: null,
      hasMore: true,
      ...overrides,
    };
  }

  /** Every stored column of a calendar's events except those that differ per tenant or row. */
  function storedRows(calendarId: string): unknown[] {
    const sqlite = new SqliteDatabase(path, { readonly: true });
    try {
      return sqlite
        .prepare(
          `select provider_event_id, title, description, attendees, raw, content_hash,
                  start_at, end_at, status, sync_generation
             from calendar_events where calendar_id = ? order by provider_event_id`,
        )
        .all(calendarId);
    } finally {
      sqlite.close();
    }
  }

  it('commits pages in its own thread exactly as the main thread does', async () => {
    const inThread = await seedTenant(store, 'thread');
    const onMain = await seedTenant(store, 'main');
    const pages = [
      page(),
      page({
        mode: 'delta',
        upserts: page().upserts.slice(0, 5),
        deletions: ['event-29'],
        nextCursor: 'cursor-2',
      }),
      page({ upserts: page().upserts.slice(10, 12), hasMore: false, nextCursor: 'cursor-3' }),
    ];
    for (const [index, each] of pages.entries()) {
      const commit = (tenant: typeof inThread): PageCommit => ({
        scope: tenant.scope,
        calendarId: tenant.calendar.id,
        page: each,
        generation: index === 2 ? 2 : 1,
      });
      const fromThread = await thread.commit(commit(inThread));
      const fromMain = await commitPageTo(store, commit(onMain));
      expect(fromThread).toEqual(fromMain);
    }
    const rows = storedRows(inThread.calendar.id);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(storedRows(onMain.calendar.id));
    const status = await store.syncStatus.get(inThread.scope, inThread.calendar.id);
    expect(status?.cursor).toBe('cursor-3');
  });

  it('fails a page the store refuses with the store error, and commits the next one', async () => {
    const tenant = await seedTenant(store);
    const refused = thread.commit({
      scope: tenant.scope,
      calendarId: 'no-such-calendar',
      page: page(),
      generation: 1,
    });
    await expect(refused).rejects.toThrow(/calendar/i);
    const counts = await thread.commit({
      scope: tenant.scope,
      calendarId: tenant.calendar.id,
      page: page(),
      generation: 1,
    });
    expect(counts.added).toBe(30);
  });

  it('fails the commits of a thread that died, and starts a new thread for the next', async () => {
    const tenant = await seedTenant(store);
    const dying = new SyncWriterThread(
      { databaseUrl: `sqlite:${path}`, secretKey: TEST_SECRET_KEY },
      new URL('../../../test/support/dying-writer.ts', import.meta.url),
    );
    const commit = {
      scope: tenant.scope,
      calendarId: tenant.calendar.id,
      page: page(),
      generation: 1,
    };
    await expect(dying.commit(commit)).rejects.toThrow(/writer thread stopped \(exit code 3\)/);
    await expect(dying.commit(commit)).rejects.toThrow(/exit code 3/);
    await dying.close();
    expect(await store.events.count(tenant.scope)).toBe(0);
  });

  it('lets a commit under way finish when it closes, and refuses commits after', async () => {
    const tenant = await seedTenant(store);
    const commit = {
      scope: tenant.scope,
      calendarId: tenant.calendar.id,
      page: page(),
      generation: 1,
    };
    const underWay = thread.commit(commit);
    const closed = thread.close();
    expect((await underWay).added).toBe(30);
    await closed;
    await expect(thread.commit(commit)).rejects.toThrow(/closed/);
    expect(await store.events.count(tenant.scope)).toBe(30);
  });

  it('starts ahead of a run when prepared, commits with the thread it started, and closes it', async () => {
    const tenant = await seedTenant(store);
    thread.prepare();
    thread.prepare();
    const counts = await thread.commit({
      scope: tenant.scope,
      calendarId: tenant.calendar.id,
      page: page(),
      generation: 1,
    });
    expect(counts.added).toBe(30);
    await thread.close();
    thread.prepare();
    await expect(
      thread.commit({
        scope: tenant.scope,
        calendarId: tenant.calendar.id,
        page: page(),
        generation: 1,
      }),
    ).rejects.toThrow(/closed/);
  });
});
