/**
 * The CalDAV provider against a real Radicale (issue 9, "Proof"): discovery, changes made on the
 * server seen by the next sync, a series with an override and an EXDATE expanded on our side,
 * an expired sync token recovered by a full listing, a server without sync-collection, and
 * wrong credentials. Each test has a calendar (and a store) of its own.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { CaldavClient } from '../../src/providers/caldav/caldav-client.js';
import { readCursor } from '../../src/providers/caldav/caldav-cursor.js';
import { CaldavProvider } from '../../src/providers/caldav/caldav-provider.js';
import { ProviderError } from '../../src/providers/provider.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { freePort } from '../support/ports.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { openHarness, vcalendar, vevent, type CaldavHarness } from './harness.js';

const USERS = { alice: 'app-password-1', bob: 'app-password-2' };

describeWithRadicale('CalDAV provider against Radicale', () => {
  // An hour: tokens are aged past it by ageSyncTokens, never by waiting.
  const radicale = useRadicale({ users: USERS, maxSyncTokenAge: 3600 });
  const provider = new CaldavProvider(new CaldavClient({ timeoutMs: 5_000 }));
  const opened: CaldavHarness[] = [];
  const proxies: FaultProxy[] = [];
  let calendarCount = 0;

  const newCalendar = async (displayName?: string) =>
    radicale().as('alice').makeCalendar(`cal-${++calendarCount}`, displayName);
  const harnessFor = async (calendarUrl: string, serverUrl = radicale().url) => {
    const harness = await openHarness({
      serverUrl,
      username: 'alice',
      password: USERS.alice,
      calendarUrl,
      multigetSize: 2,
    });
    opened.push(harness);
    return harness;
  };
  const titles = async (harness: CaldavHarness) =>
    (await harness.events()).map((e) => `${e.title} ${e.start}`);

  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  beforeAll(async () => {
    // Radicale creates a user's home on first use; bob's exists with a calendar of his own.
    await radicale().as('bob').makeCalendar('private');
  });

  it('discovers the principal, the home set and the calendars from the server URL', async () => {
    const url = await newCalendar('Sales team');
    const verified = await provider.verify({
      serverUrl: radicale().url,
      username: 'alice',
      password: USERS.alice,
    });
    expect(verified.account).toMatchObject({
      principalUrl: `${radicale().url}/alice/`,
      homeUrl: `${radicale().url}/alice/`,
    });
    const found = verified.calendars.find((c) => c.providerCalendarId === url);
    expect(found).toMatchObject({ name: 'Sales team' });
    // owner_only: bob's calendar is not alice's to see.
    expect(verified.calendars.map((c) => c.providerCalendarId)).not.toContain(
      `${radicale().url}/bob/private/`,
    );
    const listed = await provider.listCalendars({
      id: 'c1',
      secrets: { username: 'alice', password: USERS.alice },
      settings: { ...verified.account },
    });
    expect(listed).toEqual(verified.calendars);
  });

  it('a wrong password is an auth error, an unreachable server a transient one', async () => {
    const wrong = await provider
      .verify({ serverUrl: radicale().url, username: 'alice', password: 'nope' })
      .catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(ProviderError);
    expect(wrong).toMatchObject({ kind: 'auth' });
    expect((wrong as Error).message).toMatch(/401.*refused/);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await provider
      .verify({ serverUrl: closed, username: 'alice', password: USERS.alice })
      .catch((error: unknown) => error);
    expect(unreachable).toMatchObject({ kind: 'transient' });
    expect((unreachable as Error).message).toMatch(/could not reach/);
  });

  it('a sync with a password changed since connecting fails as auth, and is not retried', async () => {
    const url = await newCalendar();
    const harness = await openHarness({
      serverUrl: radicale().url,
      username: 'alice',
      password: 'revoked',
      calendarUrl: url,
    });
    opened.push(harness);
    const failure = await harness.sync().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncError);
    expect(failure).toMatchObject({ kind: 'auth' });
    const status = await harness.store.syncStatus.get(harness.scope, harness.calendarId);
    expect(status).toMatchObject({ state: 'error', nextRunAt: null });
  });

  it('creations, updates and deletions on the server are seen by the next sync, as deltas', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    await alice.put(
      url,
      'a.ics',
      vcalendar(vevent(single('a', 'Discovery call', '20260304T150000Z'))),
    );
    await alice.put(
      url,
      'b.ics',
      vcalendar(vevent(single('b', 'Pricing review', '20260305T090000Z'))),
    );
    await alice.put(url, 'c.ics', vcalendar(vevent(single('c', 'QBR', '20260306T090000Z'))));
    // Outside the window (a year back): listed, never fetched, never stored.
    await alice.put(url, 'old.ics', vcalendar(vevent(single('old', 'Old', '20250301T090000Z'))));
    const harness = await harnessFor(url);

    expect(await harness.sync()).toMatchObject({ added: 3, deleted: 0 });
    const path = new URL(url).pathname;
    expect((await harness.events()).map((e) => e.providerEventId)).toEqual(
      ['a.ics', 'b.ics', 'c.ics'].map((name) => `${path}${name}`),
    );
    expect(readCursor(await harness.cursor())?.syncToken).toMatch(
      /^http:\/\/radicale.org\/ns\/sync\//,
    );

    await alice.put(
      url,
      'a.ics',
      vcalendar(vevent(single('a', 'Discovery call (moved)', '20260311T150000Z'))),
    );
    await alice.remove(url, 'b.ics');
    await alice.put(url, 'd.ics', vcalendar(vevent(single('d', 'Demo', '20260312T100000Z'))));
    expect(await harness.sync()).toMatchObject({ added: 1, updated: 1, deleted: 1 });
    expect(await titles(harness)).toEqual([
      'Discovery call (moved) 2026-03-11T15:00:00.000Z',
      'QBR 2026-03-06T09:00:00.000Z',
      'Demo 2026-03-12T10:00:00.000Z',
    ]);
    const event = (await harness.events())[0]!;
    expect(event.etag).toMatch(/^".+"$/);

    // Nothing changed: nothing fetched, nothing written.
    expect(await harness.sync()).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 0 });
    expect(harness.runs.map((modes) => modes[0] ?? 'none')).toEqual(['snapshot', 'delta', 'none']);
  });

  it('objects whose file names hold # or ? are synced like any other', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    await alice.put(url, 'plain.ics', vcalendar(vevent(single('p', 'Plain', '20260304T150000Z'))));
    // Encoded on the wire, as a client that named them so would send them.
    await alice.put(url, 'a%23b.ics', vcalendar(vevent(single('h', 'Hash', '20260305T150000Z'))));
    await alice.put(url, 'c%3Fd.ics', vcalendar(vevent(single('q', 'Query', '20260306T150000Z'))));
    const harness = await harnessFor(url);
    expect(await harness.sync()).toMatchObject({ added: 3 });
    expect((await titles(harness)).map((t) => t.split(' ')[0]).sort()).toEqual([
      'Hash',
      'Plain',
      'Query',
    ]);
    await alice.put(url, 'a%23b.ics', vcalendar(vevent(single('h', 'Hash 2', '20260305T150000Z'))));
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0 });
  });

  it('expands a series with an override and an EXDATE, and follows later edits of it', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    const master = {
      uid: 'weekly@acme.test',
      summary: 'Weekly pipeline review',
      start: '20260302T090000Z',
      end: '20260302T093000Z',
      rrule: 'FREQ=WEEKLY;COUNT=5',
      exdates: ['20260316T090000Z'],
    };
    const moved = {
      uid: 'weekly@acme.test',
      summary: 'Pipeline review (moved)',
      recurrenceId: '20260309T090000Z',
      start: '20260310T140000Z',
      end: '20260310T143000Z',
    };
    await alice.put(url, 'series.ics', vcalendar(vevent(master), vevent(moved)));
    const harness = await harnessFor(url);
    await harness.sync();
    const href = `${new URL(url).pathname}series.ics`;
    const events = await harness.events();
    expect(events.map((e) => [e.providerEventId, e.title, e.start])).toEqual([
      [`${href}::2026-03-02T09:00:00Z`, 'Weekly pipeline review', '2026-03-02T09:00:00.000Z'],
      [`${href}::2026-03-09T09:00:00Z`, 'Pipeline review (moved)', '2026-03-10T14:00:00.000Z'],
      [`${href}::2026-03-23T09:00:00Z`, 'Weekly pipeline review', '2026-03-23T09:00:00.000Z'],
      [`${href}::2026-03-30T09:00:00Z`, 'Weekly pipeline review', '2026-03-30T09:00:00.000Z'],
    ]);
    expect(events.every((e) => e.seriesId === 'weekly@acme.test')).toBe(true);

    // Another EXDATE and the override dropped: the delta removes one instance, brings one back.
    await alice.put(
      url,
      'series.ics',
      vcalendar(vevent({ ...master, exdates: ['20260316T090000Z', '20260330T090000Z'] })),
    );
    expect(await harness.sync()).toMatchObject({ deleted: 1 });
    expect(await titles(harness)).toEqual([
      'Weekly pipeline review 2026-03-02T09:00:00.000Z',
      'Weekly pipeline review 2026-03-09T09:00:00.000Z',
      'Weekly pipeline review 2026-03-23T09:00:00.000Z',
    ]);

    await alice.remove(url, 'series.ics');
    expect(await harness.sync()).toMatchObject({ deleted: 3 });
    expect(await harness.events()).toEqual([]);
    expect(harness.runs.map((modes) => modes[0])).toEqual(['snapshot', 'delta', 'delta']);
  });

  it('an expired sync token is recovered by a full listing, and the sync succeeds', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    await alice.put(url, 'keep.ics', vcalendar(vevent(single('keep', 'Keep', '20260304T150000Z'))));
    await alice.put(url, 'gone.ics', vcalendar(vevent(single('gone', 'Gone', '20260305T150000Z'))));
    const harness = await harnessFor(url);
    await harness.sync();
    const before = readCursor(await harness.cursor())!.syncToken;

    await alice.remove(url, 'gone.ics');
    await alice.put(url, 'new.ics', vcalendar(vevent(single('new', 'New', '20260306T150000Z'))));
    // Our token grows old, and another device's sync makes Radicale clean old tokens up.
    radicale().ageSyncTokens(2 * 3600);
    await alice.syncFromScratch(url);

    expect(await harness.sync()).toMatchObject({ added: 1, deleted: 1 });
    expect(harness.runs.at(-1)).toEqual(['snapshot']);
    expect(await titles(harness)).toEqual([
      'Keep 2026-03-04T15:00:00.000Z',
      'New 2026-03-06T15:00:00.000Z',
    ]);
    const after = readCursor(await harness.cursor())!.syncToken;
    expect(after).not.toBe(before);
    const status = await harness.store.syncStatus.get(harness.scope, harness.calendarId);
    expect(status).toMatchObject({ state: 'ok' });
    // And the new token works incrementally again.
    await alice.put(url, 'keep.ics', vcalendar(vevent(single('keep', 'Kept', '20260304T150000Z'))));
    expect(await harness.sync()).toMatchObject({ updated: 1 });
    expect(harness.runs.at(-1)).toEqual(['delta']);
  });

  it('without sync-collection, compares the ctag and the etags', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    proxy.withoutSyncCollection = true;
    await alice.put(url, 'a.ics', vcalendar(vevent(single('a', 'A', '20260304T150000Z'))));
    await alice.put(url, 'b.ics', vcalendar(vevent(single('b', 'B', '20260305T150000Z'))));
    const proxied = url.replace(radicale().url, proxy.url);
    const harness = await harnessFor(proxied, proxy.url);
    expect(await harness.sync()).toMatchObject({ added: 2 });
    const cursor = readCursor(await harness.cursor())!;
    expect(cursor.syncToken).toBeNull();
    expect(cursor.ctag).toMatch(/^".+"$/);

    // Unchanged ctag: one PROPFIND and nothing else.
    proxy.requests.length = 0;
    await harness.sync();
    expect(proxy.requests.map((r) => r.method)).toEqual(['PROPFIND']);

    await alice.put(url, 'a.ics', vcalendar(vevent(single('a', 'A2', '20260304T150000Z'))));
    await alice.remove(url, 'b.ics');
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 1 });
    expect(await titles(harness)).toEqual(['A2 2026-03-04T15:00:00.000Z']);
  });

  for (const withSyncCollection of [true, false]) {
    it(`a changed object that cannot be read deletes none of its events and is read again later (${withSyncCollection ? 'sync-collection' : 'ctag and etags'})`, async () => {
      const alice = radicale().as('alice');
      const url = await newCalendar();
      const proxy = await startFaultProxy(radicale().url);
      proxies.push(proxy);
      proxy.withoutSyncCollection = !withSyncCollection;
      const weekly = { rrule: 'FREQ=WEEKLY;COUNT=4' };
      await alice.put(url, 'one.ics', vcalendar(vevent(single('one', 'One', '20260302T100000Z'))));
      await alice.put(
        url,
        'series.ics',
        vcalendar(vevent({ ...single('series', 'Series', '20260302T090000Z'), ...weekly })),
      );
      const harness = await harnessFor(url.replace(radicale().url, proxy.url), proxy.url);
      expect(await harness.sync()).toMatchObject({ added: 5 });
      const before = await titles(harness);

      await alice.put(
        url,
        'one.ics',
        vcalendar(vevent(single('one', 'One 2', '20260302T100000Z'))),
      );
      await alice.put(
        url,
        'series.ics',
        vcalendar(vevent({ ...single('series', 'Series 2', '20260302T090000Z'), ...weekly })),
      );
      // The server hands back copies our parser cannot read.
      proxy.rewrite = (body, request) =>
        request.body.includes('calendar-multiget')
          ? body.replace(/DTSTART:\d{8}T\d{6}Z/g, 'DTSTART:garbage')
          : body;
      const broken = await harness.sync();
      expect(broken).toMatchObject({ added: 0, updated: 0, deleted: 0 });
      expect(broken.issues).toHaveLength(2);
      expect(harness.runs.at(-1)).toEqual(['delta']);
      expect(await titles(harness)).toEqual(before);
      // Still unreadable: asked for again, still nothing deleted.
      expect(await harness.sync()).toMatchObject({ deleted: 0, issues: broken.issues });
      expect(await titles(harness)).toEqual(before);

      // Readable again, with nothing changed on the server since: the edits arrive now.
      proxy.rewrite = null;
      expect(await harness.sync()).toMatchObject({ updated: 5, deleted: 0, issues: [] });
      expect((await titles(harness)).map((t) => t.split(' ').slice(0, 2).join(' ')).sort()).toEqual(
        ['One 2', 'Series 2', 'Series 2', 'Series 2', 'Series 2'],
      );
      // And then quiet again: nothing fetched.
      proxy.requests.length = 0;
      await harness.sync();
      expect(proxy.requests.some((r) => r.body.includes('calendar-multiget'))).toBe(false);
    });
  }

  it('a full listing that cannot read a series keeps all its stored instances, and reads it again later', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    const series = (summary: string) =>
      vcalendar(
        vevent({ ...single('series', summary, '20260302T090000Z'), rrule: 'FREQ=WEEKLY;COUNT=4' }),
      );
    await alice.put(url, 'one.ics', vcalendar(vevent(single('one', 'One', '20260302T100000Z'))));
    await alice.put(url, 'series.ics', series('Series'));
    const harness = await harnessFor(url.replace(radicale().url, proxy.url), proxy.url);
    expect(await harness.sync()).toMatchObject({ added: 5 });
    const before = await titles(harness);

    await alice.put(url, 'series.ics', series('Series 2'));
    // The token expires, so the next run lists everything, and the series cannot be read.
    radicale().ageSyncTokens(2 * 3600);
    await alice.syncFromScratch(url);
    proxy.rewrite = (body, request) =>
      request.body.includes('calendar-multiget')
        ? body.replace(/DTSTART:20260302T090000Z/g, 'DTSTART:garbage')
        : body;
    const broken = await harness.sync();
    expect(harness.runs.at(-1)).toEqual(['snapshot']);
    expect(broken).toMatchObject({ deleted: 0 });
    expect(broken.issues).toHaveLength(1);
    expect(await titles(harness)).toEqual(before);

    proxy.rewrite = null;
    expect(await harness.sync()).toMatchObject({ updated: 4, deleted: 0, issues: [] });
    expect(harness.runs.at(-1)).toEqual(['delta']);
    expect((await titles(harness)).filter((t) => t.startsWith('Series 2'))).toHaveLength(4);
  });

  it('server errors fail the run as transient, and the next run catches up', async () => {
    const alice = radicale().as('alice');
    const url = await newCalendar();
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    const harness = await harnessFor(url.replace(radicale().url, proxy.url), proxy.url);
    await alice.put(url, 'a.ics', vcalendar(vevent(single('a', 'A', '20260304T150000Z'))));
    await harness.sync();
    await alice.put(url, 'b.ics', vcalendar(vevent(single('b', 'B', '20260305T150000Z'))));

    proxy.plan = () => ({ kind: 'status', status: 503 });
    await expect(harness.sync()).rejects.toMatchObject({ kind: 'transient' });
    proxy.plan = () => ({ kind: 'status', status: 429, retryAfter: '30' });
    await expect(harness.sync()).rejects.toMatchObject({ kind: 'rate_limit' });
    proxy.plan = () => ({ kind: 'drop' });
    await expect(harness.sync()).rejects.toMatchObject({ kind: 'transient' });

    proxy.plan = () => ({ kind: 'pass' });
    expect(await harness.sync()).toMatchObject({ added: 1 });
    expect(await titles(harness)).toEqual([
      'A 2026-03-04T15:00:00.000Z',
      'B 2026-03-05T15:00:00.000Z',
    ]);
  });
});

function single(uid: string, summary: string, start: string) {
  const end = new Date(
    Date.parse(
      start.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'),
    ) + 3_600_000,
  );
  return {
    uid: `${uid}@acme.test`,
    summary,
    start,
    end: `${end.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`,
  };
}
