/**
 * A list takes only the query parameters it documents: an unknown one is a 400 naming it, not a
 * filter dropped in silence. The change log is read with `since`; a `cursor` there (as the lists
 * page) was ignored and answered the first page again, so a client paging with it looped for ever.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { CALENDAR_BASE, importCalendar, salesFeed } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const LISTS = ['/events/', '/events/changes/', '/meetings/', '/conflicts/', '/relationships/'];

describeEachDialect('unknown query parameters', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    const tenant = await seedTenant(context().store, 'strict');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    await importCalendar(api.server, token, salesFeed());
  });
  afterAll(async () => api?.close());

  const get = (path: string) =>
    api.server.inject({ method: 'GET', url: `${CALENDAR_BASE}${path}`, headers: bearer(token) });

  it.each(LISTS)('%s with an unknown parameter is a 400 naming it', async (list) => {
    const response = await get(`${list}?foo=bar`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toEqual({
      code: 'invalid_input',
      message: expect.stringMatching(/^querystring: unknown parameter "foo"; this endpoint takes /),
    });
  });

  it("a change log's since sent to the events list is named with the other unknown one", async () => {
    const response = await get('/events/?since=abc&foo=bar');
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.message).toMatch(
      /^querystring: unknown parameters "since", "foo"/,
    );
  });

  it('the change log refuses cursor and says to page with since, which reaches the end', async () => {
    const first = await get('/events/changes/?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    const next = encodeURIComponent(first.json().nextCursor as string);
    const response = await get(`/events/changes/?limit=2&cursor=${next}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toEqual({
      code: 'invalid_input',
      message: expect.stringContaining(
        'unknown parameter "cursor"; the change log is read with `since`: pass the previous nextCursor as since',
      ),
    });
    // Paged with since, the log ends: the last page is shorter than the limit.
    const seen: string[] = [];
    let since: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const url: string = `/events/changes/?limit=2${since ? `&since=${encodeURIComponent(since)}` : ''}`;
      const page = (await get(url)).json() as { items: { cursor: string }[]; nextCursor: string };
      seen.push(...page.items.map((item) => item.cursor));
      since = page.nextCursor;
      if (page.items.length < 2) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(2);
  });

  it('the documented parameters are still taken', async () => {
    for (const path of [
      '/events/?from=2026-03-01&to=2026-04-01&timeZone=Europe/Paris&q=a&status=confirmed&limit=5',
      '/meetings/?from=2026-03-01&minConfidence=0.5&q=a&limit=5',
      '/conflicts/?from=2026-03-01&kind=overlap&status=open&limit=5',
      '/relationships/?stage=new&trend=steady&q=a&limit=5',
    ]) {
      const response = await get(path);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    }
  });
});
