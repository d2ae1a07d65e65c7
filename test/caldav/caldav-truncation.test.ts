/**
 * Listings a CalDAV server cuts short and says so with 507 Insufficient Storage (RFC 4918; RFC
 * 6578 3.6 for sync-collection; some Exchange and Zimbra gateways for time-range queries too):
 * a response for the request-URI with status 507 inside the multistatus. Radicale never
 * truncates, so a proxy in front of it plays a server with a result limit, rewriting Radicale's
 * real answers; the provider's own HTTP path reads them. A time-range listing cut short is split
 * until each part is whole, and never taken as complete: a snapshot must not delete what was
 * cut off. A sync-collection cut short continues from the token it returned.
 */
import { afterEach, expect, it } from 'vitest';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from './fault-proxy.js';
import { openHarness, vcalendar, vevent, type CaldavHarness } from './harness.js';

const USERS = { alice: 'app-password-1' };
const RESPONSE = /<((?:\w+:)?)response\b[^>]*>[\s\S]*?<\/\1response>/g;

/** Six single events over the window (2026-01-30 to 2026-05-30), one a day apart at least. */
const DAYS = ['20260205', '20260220', '20260304', '20260315', '20260410', '20260520'];

/**
 * The multistatus with only its first `keep` responses and, when it had more, a 507 response for
 * the request-URI (DAV:number-of-matches-within-limits), as a server with a result limit answers.
 */
function truncated(body: string, request: ProxiedRequest, keep: number): string {
  const responses = body.match(RESPONSE) ?? [];
  if (responses.length <= keep) return body;
  const prefix = RESPONSE.exec(body)?.[1] ?? '';
  RESPONSE.lastIndex = 0;
  const cut = responses.slice(keep);
  let out = body;
  for (const response of cut) out = out.replace(response, '');
  const marker =
    `<${prefix}response><${prefix}href>${request.path}</${prefix}href>` +
    `<${prefix}status>HTTP/1.1 507 Insufficient Storage</${prefix}status>` +
    `<${prefix}error><${prefix}number-of-matches-within-limits/></${prefix}error>` +
    `</${prefix}response>`;
  return out.replace(new RegExp(`</${prefix}multistatus>`), `${marker}</${prefix}multistatus>`);
}

const isTimeRangeQuery = (request: ProxiedRequest) =>
  request.method === 'REPORT' && request.body.includes('time-range');

describeWithRadicale('CalDAV listings cut short by the server (507)', () => {
  const radicale = useRadicale({ users: USERS, maxSyncTokenAge: 3600 });
  const opened: CaldavHarness[] = [];
  const proxies: FaultProxy[] = [];
  let calendarCount = 0;

  afterEach(async () => {
    for (const harness of opened.splice(0)) await harness.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  /** A calendar holding the six events, and a harness that reads it through a proxy. */
  async function calendarBehindProxy() {
    const alice = radicale().as('alice');
    const url = await alice.makeCalendar(`cut-${++calendarCount}`);
    for (const day of DAYS)
      await alice.put(url, `e${day}.ics`, vcalendar(vevent(single(`e${day}`, `E ${day}`, day))));
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    const harness = await openHarness({
      serverUrl: proxy.url,
      username: 'alice',
      password: USERS.alice,
      calendarUrl: url.replace(radicale().url, proxy.url),
    });
    opened.push(harness);
    return { alice, url, proxy, harness };
  }

  const titles = async (harness: CaldavHarness) =>
    (await harness.events()).map((e) => e.title).sort();
  const ALL = DAYS.map((day) => `E ${day}`);

  /**
   * Our sync token expires, so that the next run lists the calendar again (a snapshot). Radicale
   * forgets old tokens when it makes a new one: something must have changed since ours.
   */
  async function expireToken(alice: ReturnType<ReturnType<typeof radicale>['as']>, url: string) {
    radicale().ageSyncTokens(2 * 3600);
    await alice.syncFromScratch(url);
  }

  it('a first sync whose time-range listing is cut short splits the range until it has everything', async () => {
    const { proxy, harness } = await calendarBehindProxy();
    proxy.rewrite = (body, request) =>
      isTimeRangeQuery(request) ? truncated(body, request, 2) : body;
    expect(await harness.sync()).toMatchObject({ added: 6, deleted: 0 });
    expect(harness.runs.at(-1)).toEqual(['snapshot']);
    expect(await titles(harness)).toEqual(ALL);
    expect(proxy.requests.filter(isTimeRangeQuery).length).toBeGreaterThan(1);
  });

  it('a snapshot whose time-range listing is cut short deletes nothing that was cut off', async () => {
    const { alice, url, proxy, harness } = await calendarBehindProxy();
    expect(await harness.sync()).toMatchObject({ added: 6 });
    await alice.put(
      url,
      `e${DAYS[5]}.ics`,
      vcalendar(vevent(single(`e${DAYS[5]}`, `E ${DAYS[5]} v2`, DAYS[5]!))),
    );
    await expireToken(alice, url);
    proxy.rewrite = (body, request) =>
      isTimeRangeQuery(request) ? truncated(body, request, 2) : body;
    expect(await harness.sync()).toMatchObject({ deleted: 0, updated: 1 });
    expect(harness.runs.at(-1)).toEqual(['snapshot']);
    expect(await titles(harness)).toEqual([...ALL.slice(0, 5), `E ${DAYS[5]} v2`]);
  });

  it('a listing still cut short at the split limit fails the run as transient and deletes nothing', async () => {
    const { alice, url, proxy, harness } = await calendarBehindProxy();
    await harness.sync();
    await alice.put(
      url,
      `e${DAYS[0]}.ics`,
      vcalendar(vevent(single(`e${DAYS[0]}`, `E ${DAYS[0]} v2`, DAYS[0]!))),
    );
    await expireToken(alice, url);
    // A server that never lists a single object in a time-range query without cutting it off.
    proxy.rewrite = (body, request) =>
      isTimeRangeQuery(request) ? truncated(body, request, 0) : body;
    await expect(harness.sync()).rejects.toMatchObject({
      kind: 'transient',
      message: expect.stringMatching(/507/),
    });
    expect(harness.runs.at(-1)).toEqual([]);
    expect(await titles(harness)).toEqual(ALL);

    proxy.rewrite = null;
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0 });
    expect(await titles(harness)).toEqual([`E ${DAYS[0]} v2`, ...ALL.slice(1)]);
  });

  it('without sync-collection, a member listing cut short fails as transient and deletes nothing', async () => {
    const { alice, url, proxy, harness } = await calendarBehindProxy();
    proxy.withoutSyncCollection = true;
    expect(await harness.sync()).toMatchObject({ added: 6 });
    await alice.put(
      url,
      `e${DAYS[2]}.ics`,
      vcalendar(vevent(single(`e${DAYS[2]}`, `E ${DAYS[2]} v2`, DAYS[2]!))),
    );
    // The ctag changed, so every etag is listed (PROPFIND Depth 1): cut short, it would read
    // as four deletions.
    const isMemberListing = (request: ProxiedRequest) =>
      request.method === 'PROPFIND' && request.body.includes('getetag');
    proxy.rewrite = (body, request) =>
      isMemberListing(request) ? truncated(body, request, 2) : body;
    await expect(harness.sync()).rejects.toMatchObject({ kind: 'transient' });
    expect(await titles(harness)).toEqual(ALL);

    proxy.rewrite = null;
    expect(await harness.sync()).toMatchObject({ updated: 1, deleted: 0 });
    expect(harness.runs.at(-1)).toEqual(['delta']);
  });

  it('a sync-collection cut short continues from the token it returned until no 507', async () => {
    const { alice, url, proxy, harness } = await calendarBehindProxy();
    await harness.sync();
    for (const name of ['n1', 'n2', 'n3'])
      await alice.put(url, `${name}.ics`, vcalendar(vevent(single(name, name, '20260312'))));
    let cuts = 0;
    proxy.requests.length = 0;
    proxy.rewrite = (body, request) => {
      if (!request.body.includes('sync-collection') || cuts > 0) return body;
      cuts += 1;
      // The partial answer's token stands for what it listed: here, the token it was asked from.
      const asked = /<(?:\w+:)?sync-token>([^<]+)</.exec(request.body)?.[1] ?? '';
      return truncated(body, request, 1).replace(
        /(<(\w+:)?sync-token>)[^<]*(<\/\2sync-token>)/,
        `$1${asked}$3`,
      );
    };
    expect(await harness.sync()).toMatchObject({ added: 3, deleted: 0 });
    expect(harness.runs.at(-1)).toEqual(['delta']);
    expect(cuts).toBe(1);
    expect(proxy.requests.filter((r) => r.body.includes('sync-collection')).length).toBe(2);
    expect(await titles(harness)).toEqual([...ALL, 'n1', 'n2', 'n3']);
  });
});

/** An hour-long event at 15:00 UTC on `day` (YYYYMMDD). */
function single(uid: string, summary: string, day: string) {
  return { uid: `${uid}@acme.test`, summary, start: `${day}T150000Z`, end: `${day}T160000Z` };
}
