/**
 * A server, or a broken proxy in front of it, that names one calendar object by an href no URL
 * can be made of (here an unclosed IPv6 bracket, `http://[::1/...`). Radicale never does, so a
 * proxy rewrites one object's href in Radicale's real answers and the provider's own HTTP path
 * reads them. That object is reported as a sync issue naming the href; every other object is
 * synced, nothing stored is deleted for what could not be read, and once the server answers
 * properly again the object is read with its changes.
 */
import { afterEach, expect, it } from 'vitest';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from './fault-proxy.js';
import { openHarness, vcalendar, vevent, type CaldavHarness } from './harness.js';

const USERS = { alice: 'app-password-1' };

/** The answers' hrefs of `name` made malformed, in the requests `where` picks. */
function garble(name: string, where: (request: ProxiedRequest) => boolean) {
  return (body: string, request: ProxiedRequest) =>
    where(request)
      ? body.replace(
          new RegExp(`(<(?:\\w+:)?href>)([^<]*/${name.replace('.', '\\.')})(</)`, 'g'),
          '$1http://[::1$2$3',
        )
      : body;
}

const everywhere = () => true;
const inMultiget = (request: ProxiedRequest) => request.body.includes('calendar-multiget');

function single(uid: string, summary: string, day: string) {
  return {
    uid: `${uid}@acme.test`,
    summary,
    start: `${day}T100000Z`,
    end: `${day}T110000Z`,
  };
}

describeWithRadicale('CalDAV: an href that is not a URL', () => {
  const radicale = useRadicale({ users: USERS, maxSyncTokenAge: 3600 });
  const opened: CaldavHarness[] = [];
  const proxies: FaultProxy[] = [];
  let calendarCount = 0;

  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  /** A calendar with a.ics, b.ics and c.ics, read through a proxy (with or without RFC 6578). */
  async function calendarBehindProxy(withSyncCollection = true) {
    const alice = radicale().as('alice');
    const url = await alice.makeCalendar(`href-${++calendarCount}`);
    for (const [name, day] of [
      ['a', '20260303'],
      ['b', '20260304'],
      ['c', '20260305'],
    ] as const)
      await alice.put(url, `${name}.ics`, vcalendar(vevent(single(name, name.toUpperCase(), day))));
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    proxy.withoutSyncCollection = !withSyncCollection;
    const harness = await openHarness({
      serverUrl: proxy.url,
      username: 'alice',
      password: USERS.alice,
      calendarUrl: url.replace(radicale().url, proxy.url),
      multigetSize: 2,
    });
    opened.push(harness);
    const path = new URL(url).pathname;
    return { alice, url, proxy, harness, bad: `http://[::1${path}b.ics` };
  }

  const titles = async (harness: CaldavHarness) =>
    (await harness.events()).map((e) => e.title).sort();
  const messages = (issues: { message: string }[]) => issues.map((issue) => issue.message);

  for (const withSyncCollection of [true, false]) {
    const how = withSyncCollection ? 'sync-collection' : 'ctag and etags';

    it(`a first sync reports the object and syncs the others (${how})`, async () => {
      const { proxy, harness, bad } = await calendarBehindProxy(withSyncCollection);
      proxy.rewrite = garble('b.ics', everywhere);
      const outcome = await harness.sync();
      expect(outcome).toMatchObject({ added: 2, deleted: 0 });
      expect(messages(outcome.issues)).toEqual([expect.stringContaining(`"${bad}"`)]);
      expect(await titles(harness)).toEqual(['A', 'C']);

      // Answered properly, the object is read: the listing is asked for again, not given up.
      proxy.rewrite = null;
      expect(await harness.sync()).toMatchObject({ added: 1, deleted: 0, issues: [] });
      expect(await titles(harness)).toEqual(['A', 'B', 'C']);
    });

    it(`a later sync deletes nothing it could not name, and catches up once it can (${how})`, async () => {
      const { alice, url, proxy, harness, bad } = await calendarBehindProxy(withSyncCollection);
      expect(await harness.sync()).toMatchObject({ added: 3 });
      await alice.put(url, 'b.ics', vcalendar(vevent(single('b', 'B 2', '20260304'))));
      await alice.put(url, 'a.ics', vcalendar(vevent(single('a', 'A 2', '20260303'))));
      await alice.put(url, 'd.ics', vcalendar(vevent(single('d', 'D', '20260306'))));
      proxy.rewrite = garble('b.ics', everywhere);
      const broken = await harness.sync();
      expect(broken).toMatchObject({ added: 1, updated: 1, deleted: 0 });
      expect(messages(broken.issues)).toEqual([expect.stringContaining(`"${bad}"`)]);
      expect(await titles(harness)).toEqual(['A 2', 'B', 'C', 'D']);

      proxy.rewrite = null;
      expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0, issues: [] });
      expect(await titles(harness)).toEqual(['A 2', 'B 2', 'C', 'D']);
    });
  }

  it('a full listing again (token expired) deletes nothing it could not name', async () => {
    const { alice, url, proxy, harness, bad } = await calendarBehindProxy();
    expect(await harness.sync()).toMatchObject({ added: 3 });
    await alice.remove(url, 'c.ics');
    radicale().ageSyncTokens(2 * 3600);
    await alice.syncFromScratch(url);
    proxy.rewrite = garble('b.ics', everywhere);
    const broken = await harness.sync();
    // Without every member named, what it did not list may be the one it could not read.
    expect(broken).toMatchObject({ deleted: 0 });
    expect(messages(broken.issues)).toEqual([expect.stringContaining(`"${bad}"`)]);
    expect(await titles(harness)).toEqual(['A', 'B', 'C']);

    proxy.rewrite = null;
    expect(await harness.sync()).toMatchObject({ deleted: 1, issues: [] });
    expect(await titles(harness)).toEqual(['A', 'B']);
  });

  it('a fetch answered under an href that is not a URL keeps what it asked for, and asks again', async () => {
    const { alice, url, proxy, harness, bad } = await calendarBehindProxy();
    expect(await harness.sync()).toMatchObject({ added: 3 });
    await alice.put(url, 'b.ics', vcalendar(vevent(single('b', 'B 2', '20260304'))));
    await alice.put(url, 'c.ics', vcalendar(vevent(single('c', 'C 2', '20260305'))));
    proxy.rewrite = garble('b.ics', inMultiget);
    const broken = await harness.sync();
    // b and c are fetched together: c is read, and b, not answered by any href it can read, is
    // kept (the malformed one may be b's).
    expect(broken).toMatchObject({ updated: 1, deleted: 0 });
    expect(messages(broken.issues)).toEqual([
      expect.stringContaining(`"${bad}"`),
      expect.stringMatching(/b\.ics.*kept/),
    ]);
    expect(await titles(harness)).toEqual(['A', 'B', 'C 2']);

    proxy.rewrite = null;
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0, issues: [] });
    expect(await titles(harness)).toEqual(['A', 'B 2', 'C 2']);
  });
});
