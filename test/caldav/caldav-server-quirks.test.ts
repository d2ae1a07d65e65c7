/**
 * Servers that answer otherwise than Radicale does, through a proxy in front of a real Radicale:
 * one that does not implement the sync-collection REPORT (501 Not Implemented), and one that
 * names the calendars of the home set by hrefs relative to it (RFC 4918 allows any reference).
 */
import { afterEach, expect, it } from 'vitest';
import { CaldavClient } from '../../src/providers/caldav/caldav-client.js';
import { CaldavProvider } from '../../src/providers/caldav/caldav-provider.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { openHarness, vcalendar, vevent, type CaldavHarness } from './harness.js';

const USERS = { alice: 'pw-a' };
const meeting = (uid: string, summary: string) =>
  vcalendar(vevent({ uid, summary, start: '20260304T150000Z', end: '20260304T160000Z' }));

describeWithRadicale('CalDAV servers that answer otherwise', () => {
  const radicale = useRadicale({ users: USERS, maxSyncTokenAge: 3600 });
  const opened: CaldavHarness[] = [];
  const proxies: FaultProxy[] = [];
  const proxied = async () => {
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    return proxy;
  };
  const harnessFor = async (serverUrl: string, calendarUrl: string) => {
    const harness = await openHarness({
      serverUrl,
      username: 'alice',
      password: USERS.alice,
      calendarUrl,
    });
    opened.push(harness);
    return harness;
  };
  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  it('syncs by ctag and etags when the server does not implement sync-collection (501)', async () => {
    const url = await radicale().as('alice').makeCalendar('no-sync-report');
    await radicale().as('alice').put(url, 'a.ics', meeting('a', 'A'));
    const proxy = await proxied();
    proxy.plan = (request) =>
      request.method === 'REPORT' && request.body.includes('sync-collection')
        ? { kind: 'status', status: 501 }
        : { kind: 'pass' };
    const harness = await harnessFor(proxy.url, url.replace(radicale().url, proxy.url));
    await harness.sync();
    expect((await harness.events()).map((e) => e.title)).toEqual(['A']);

    await radicale().as('alice').put(url, 'b.ics', meeting('b', 'B'));
    await radicale().as('alice').remove(url, 'a.ics');
    await harness.sync();
    expect((await harness.events()).map((e) => e.title)).toEqual(['B']);
  });

  it('resolves calendar hrefs relative to the home set that listed them', async () => {
    const url = await radicale().as('alice').makeCalendar('work', 'Work');
    await radicale().as('alice').put(url, 'a.ics', meeting('a', 'A'));
    const proxy = await proxied();
    proxy.rewrite = (body, request) =>
      request.method === 'PROPFIND' && request.path === '/alice/'
        ? body.replace(/(<(?:\w+:)?href>)\/alice\/work\/(<\/(?:\w+:)?href>)/g, '$1work/$2')
        : body;
    const provider = new CaldavProvider(new CaldavClient({ timeoutMs: 5000 }));
    const verified = await provider.verify({
      serverUrl: proxy.url,
      username: 'alice',
      password: USERS.alice,
    });
    const work = verified.calendars.find((calendar) => calendar.name === 'Work');
    expect(work?.providerCalendarId).toBe(`${proxy.url}/alice/work/`);
    proxy.rewrite = null;
    const harness = await harnessFor(proxy.url, work!.providerCalendarId);
    await harness.sync();
    expect((await harness.events()).map((e) => e.title)).toEqual(['A']);
  });
});
