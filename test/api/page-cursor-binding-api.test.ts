/**
 * A page cursor is bound to its list and its filters: used with another list or other filters it
 * is a 400 `invalid_cursor`, never a silently shifted page; the change log's `since` cursors and
 * the lists' page cursors cannot stand in for each other; cursors of the first form (a bare
 * position) fail clearly.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import {
  CALENDAR_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const DIFFERENT_QUERY = 'this cursor belongs to a different query; start again without it';

describeEachDialect('page cursors bound to their query', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
    ({ token } = await seedNorthwind(context().store));
    await putAcmeCrm(api.server, token);
    await importCalendar(api.server, token, salesFeed());
    // The same file on a second calendar: every meeting is a duplicate conflict.
    await importCalendar(api.server, token, salesFeed(), 'Home');
    await api.app.queue.drain();
  });

  afterAll(async () => api?.close());

  const get = (path: string) =>
    api.server.inject({ method: 'GET', url: `${CALENDAR_BASE}${path}`, headers: bearer(token) });
  const nextCursor = async (path: string): Promise<string> => {
    const response = await get(path);
    expect(response.statusCode, response.body).toBe(200);
    const cursor = (response.json() as { nextCursor: string | null }).nextCursor;
    expect(cursor, path).toEqual(expect.any(String));
    return cursor as string;
  };
  const expectRefused = async (path: string, message = DIFFERENT_QUERY, field = 'cursor') => {
    const response = await get(path);
    expect(response.statusCode, `${path}: ${response.body}`).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid_cursor', message: `querystring.${field}: ${message}` },
    });
  };

  it('an events cursor used with another from, or other filters, is refused, not a shifted page', async () => {
    const cursor = encodeURIComponent(
      await nextCursor('/events/?from=2026-03-15T00:00:00Z&limit=1'),
    );
    await expectRefused(`/events/?from=2026-03-01T00:00:00Z&cursor=${cursor}`);
    await expectRefused(`/events/?cursor=${cursor}`);
    await expectRefused(`/events/?from=2026-03-15T00:00:00Z&q=Acme&cursor=${cursor}`);
    await expectRefused(
      `/events/?from=2026-03-15T00:00:00Z&timeZone=Europe/Paris&cursor=${cursor}`,
    );
    // The same filters, another page size: the next page.
    const same = await get(`/events/?from=2026-03-15T00:00:00Z&limit=2&cursor=${cursor}`);
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().items.length).toBeGreaterThan(0);
  });

  it("a list's cursor is refused by the other lists", async () => {
    const events = encodeURIComponent(await nextCursor('/events/?limit=1'));
    const meetings = encodeURIComponent(await nextCursor('/meetings/?limit=1'));
    const conflicts = encodeURIComponent(await nextCursor('/conflicts/?limit=1'));
    await expectRefused(`/meetings/?cursor=${events}`);
    await expectRefused(`/conflicts/?cursor=${events}`);
    await expectRefused(`/events/?cursor=${meetings}`);
    await expectRefused(`/conflicts/?cursor=${meetings}`);
    await expectRefused(`/events/?cursor=${conflicts}`);
    await expectRefused(`/meetings/?cursor=${conflicts}`);
    for (const [list, cursor] of [
      ['events', events],
      ['meetings', meetings],
      ['conflicts', conflicts],
    ] as const) {
      const own = await get(`/${list}/?limit=1&cursor=${cursor}`);
      expect(own.statusCode, own.body).toBe(200);
    }
  });

  it('meetings and conflicts cursors are bound to their filters too', async () => {
    const meetings = encodeURIComponent(await nextCursor('/meetings/?limit=1&minConfidence=0.5'));
    await expectRefused(`/meetings/?limit=1&minConfidence=0.6&cursor=${meetings}`);
    await expectRefused(`/meetings/?limit=1&cursor=${meetings}`);
    const conflicts = encodeURIComponent(await nextCursor('/conflicts/?limit=1&kind=duplicate'));
    await expectRefused(`/conflicts/?limit=1&kind=overlap&cursor=${conflicts}`);
    await expectRefused(`/conflicts/?limit=1&kind=duplicate&status=open&cursor=${conflicts}`);
    expect((await get(`/conflicts/?limit=1&kind=duplicate&cursor=${conflicts}`)).statusCode).toBe(
      200,
    );
  });

  it('change-log cursors and page cursors cannot stand in for each other', async () => {
    const changes = await get('/events/changes/?limit=1');
    expect(changes.statusCode).toBe(200);
    const since = encodeURIComponent(changes.json().nextCursor as string);
    const page = encodeURIComponent(await nextCursor('/events/?limit=1'));
    await expectRefused(`/events/?cursor=${since}`);
    await expectRefused(`/meetings/?cursor=${since}`);
    await expectRefused(`/events/changes/?since=${page}`, DIFFERENT_QUERY, 'since');
    // A change cursor of the first form (base64url of `chg:<sequence>`) is no page cursor either.
    const legacySince = Buffer.from('chg:1', 'utf8').toString('base64url');
    await expectRefused(`/events/?cursor=${legacySince}`);
  });

  it('a cursor given out before the binding (a bare position) fails clearly', async () => {
    const bare = Buffer.from(JSON.stringify(['2026-03-11T14:00:00.000Z', 'abc']), 'utf8').toString(
      'base64url',
    );
    for (const list of ['events', 'meetings', 'conflicts']) {
      await expectRefused(
        `/${list}/?cursor=${bare}`,
        'this cursor was given out before cursors were bound to their query; start again without it',
      );
    }
    await expectRefused(
      '/events/?cursor=garbage',
      'not a cursor this API gave you; start again without it',
    );
  });

  it('every page of a list with filters, followed by its cursors, lists each item once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/events/?from=2026-03-01T00:00:00Z&q=Acme&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await get(query)).json() as { items: { id: string }[]; nextCursor: string };
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await get('/events/?from=2026-03-01T00:00:00Z&q=Acme&limit=500')).json();
    expect(seen).toEqual(all.items.map((item: { id: string }) => item.id));
    expect(seen.length).toBeGreaterThan(2);
  });
});
