/**
 * A server, or a broken proxy in front of it, whose calendar home set names one calendar by an
 * href that cannot be used: one no URL can be made of (an unclosed IPv6 bracket, a port past
 * 65535), an empty one, or an absolute URL on another server. Radicale never does, so a proxy
 * rewrites that calendar's href in Radicale's real answers. Connecting (verify) and refreshing
 * the calendar list list the other calendars, and report the one left out naming its href;
 * nothing is asked of the other server (the tests refuse any request off this machine). The
 * connect API's answer names it too (`skippedCalendars`), so that the user who connects learns of it.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { CaldavClient, type SkippedCalendar } from '../../src/providers/caldav/caldav-client.js';
import { CaldavProvider } from '../../src/providers/caldav/caldav-provider.js';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { describeWithRadicale, useRadicale } from '../support/radicale.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

const USERS = { alice: 'app-password-1' };

const CASES = [
  { what: 'an href that is not a URL', href: 'http://[::1/alice/odd/', why: /is not a URL/ },
  { what: 'a port past 65535', href: 'http://127.0.0.1:99999/alice/odd/', why: /is not a URL/ },
  { what: 'an empty href', href: '', why: /has an empty href/ },
  {
    what: 'another server',
    href: 'https://calendars.elsewhere.example/alice/odd/',
    why: /another server \(https:\/\/calendars\.elsewhere\.example\)/,
  },
] as const;

describeWithRadicale('CalDAV: a calendar listed under an href that cannot be used', () => {
  const radicale = useRadicale({ users: USERS });
  const proxies: FaultProxy[] = [];

  beforeAll(async () => {
    const alice = radicale().as('alice');
    await alice.makeCalendar('work', 'Work');
    await alice.makeCalendar('odd', 'Odd one');
    await alice.makeCalendar('home', 'Home');
  });

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  async function serverNaming(href: string) {
    const proxy = await startFaultProxy(radicale().url);
    proxies.push(proxy);
    proxy.rewrite = (body) =>
      body.replace(/(<(?:\w+:)?href>)[^<]*\/alice\/odd\/(<\/)/g, `$1${href}$2`);
    const skipped: SkippedCalendar[] = [];
    const provider = new CaldavProvider(new CaldavClient({ timeoutMs: 5_000 }), {
      onSkippedCalendar: (one) => skipped.push(one),
    });
    const credentials = { serverUrl: proxy.url, username: 'alice', password: USERS.alice };
    return { proxy, provider, credentials, skipped };
  }

  for (const { what, href, why } of CASES) {
    it(`connects with the other calendars, and reports the one under ${what}`, async () => {
      const { proxy, provider, credentials, skipped } = await serverNaming(href);
      const verified = await provider.verify(credentials);
      expect(verified.calendars.map((c) => [c.name, c.providerCalendarId]).sort()).toEqual([
        ['Home', `${proxy.url}/alice/home/`],
        ['Work', `${proxy.url}/alice/work/`],
      ]);
      expect(verified.skipped).toEqual([{ href, reason: expect.stringMatching(why) }]);
      const [reason] = verified.skipped.map((one) => one.reason);
      expect(reason).toContain('"Odd one"');
      if (href) expect(reason).toContain(`"${href}"`);

      // A later refresh of the list, from the stored account, does the same.
      const listed = await provider.listCalendars({
        id: 'c1',
        secrets: { username: 'alice', password: USERS.alice },
        settings: { ...verified.account },
      });
      expect(listed).toEqual(verified.calendars);
      expect(skipped).toEqual([verified.skipped[0], verified.skipped[0]]);
      expect(proxy.requests.some((request) => request.path.includes('/alice/odd'))).toBe(false);
    });
  }

  describeEachDialect('through the connect API', (context) => {
    let api: TestApi;
    let token: string;

    beforeAll(async () => {
      api = await buildTestApi(context().store);
      ({ token } = await seedNorthwind(context().store));
    });

    afterAll(async () => api?.close());

    const connect = (serverUrl: string) =>
      api.server.inject({
        method: 'POST',
        url: '/api/v1/calendar/providers/caldav/connect/',
        headers: bearer(token),
        payload: { serverUrl, username: 'alice', password: USERS.alice },
      });

    it('answers the calendar left out, with its href and why, beside those connected', async () => {
      const { href, why } = CASES[0];
      const { proxy } = await serverNaming(href);
      const response = await connect(proxy.url);
      expect(response.statusCode, response.body).toBe(201);
      const answer = response.json();
      expect(answer.calendars.map((c: { name: string }) => c.name).sort()).toEqual([
        'Home',
        'Work',
      ]);
      expect(answer.skippedCalendars).toEqual([{ href, reason: expect.stringMatching(why) }]);
      expect(answer.skippedCalendars[0].reason).toContain('"Odd one"');
    });

    it('answers an empty list when every calendar could be used', async () => {
      const response = await connect(radicale().url);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().calendars).toHaveLength(3);
      expect(response.json().skippedCalendars).toEqual([]);
    });

    it('the OpenAPI document describes the field', async () => {
      const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
      const created =
        docs.paths['/api/v1/calendar/providers/caldav/connect/'].post.responses['201'];
      const ref: string = created.content['application/json'].schema.$ref;
      const schema = docs.components.schemas[ref.split('/').pop()!];
      expect(schema.required).toContain('skippedCalendars');
      expect(schema.properties.skippedCalendars.items).toEqual({
        $ref: '#/components/schemas/SkippedCalendar',
      });
      expect(docs.components.schemas.SkippedCalendar.required).toEqual(['href', 'reason']);
    });
  });
});
