import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestCursors, type CursorOwner, type PagedList } from '../../src/api/page-cursor.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { buildCalendar, buildEvent as vevent } from '../conformance/ics-builder.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BASE = '/api/v1/calendar';
/**
 * A page cursor of `list` without filters, sealed for `owner` as the API seals its cursors (which
 * only a leaked key would let a client do).
 */
const cursorOf = (list: PagedList, value: unknown, owner: CursorOwner) =>
  requestCursors(list, {}, owner).next(Buffer.from(JSON.stringify(value)).toString('base64url')) ??
  '';

interface Case {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  payload?: unknown;
  /** Sent without the API token (sign-in, webhooks, callbacks). */
  anonymous?: boolean;
  field: string;
}

/** PostgreSQL refuses U+0000 in text: each of these reached a query and failed as a 500. */
const CASES: Case[] = [
  { method: 'GET', url: `${BASE}/events/?q=a%00b`, field: 'querystring.q' },
  { method: 'GET', url: `${BASE}/events/?calendarId=%00`, field: 'querystring.calendarId' },
  {
    method: 'GET',
    url: `${BASE}/events/changes/?calendarId=x%00`,
    field: 'querystring.calendarId',
  },
  { method: 'GET', url: `${BASE}/meetings/?accountId=%00`, field: 'querystring.accountId' },
  { method: 'GET', url: `${BASE}/events/a%00b/`, field: 'params.id' },
  { method: 'GET', url: `${BASE}/relationships/a%00b/`, field: 'params.accountKey' },
  {
    method: 'POST',
    url: `${BASE}/conflicts/a%00b/resolve/`,
    payload: { action: 'dismiss' },
    field: 'params.id',
  },
  {
    method: 'POST',
    url: `${BASE}/meetings/a%00b/feedback/`,
    payload: { verdict: 'confirm' },
    field: 'params.id',
  },
  {
    method: 'PUT',
    url: '/api/v1/crm/accounts/',
    payload: { accounts: [{ name: 'Acme' }, { name: 'A\u0000B' }] },
    field: 'body.accounts.1.name',
  },
  {
    method: 'POST',
    url: '/auth/sign-in',
    payload: { email: 'a\u0000@x.test', password: 'whatever-123' },
    anonymous: true,
    field: 'body.email',
  },
  {
    method: 'POST',
    url: `${BASE}/webhook/outlook/`,
    payload: {
      value: [
        {
          subscriptionId: 'a\u0000b',
          clientState: 'x',
          changeType: 'updated',
          resource: 'Users/1/Events/2',
        },
      ],
    },
    anonymous: true,
    field: 'body.value.0.subscriptionId',
  },
  {
    method: 'GET',
    url: '/api/calendar/callback/google/?state=a%00b&code=c',
    anonymous: true,
    field: 'querystring.state',
  },
];

describeEachDialect('NUL characters in request input', (context) => {
  let api: TestApi;
  let token: string;
  let owner: CursorOwner;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    const tenant = await seedTenant(context().store, 'nul');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
    const key = new SecretBox(api.app.config.secretKey).deriveKey('page-cursor');
    owner = { key, userId: tenant.scope.userId };
  });
  afterAll(async () => api?.close());

  it.each(CASES.map((c) => [`${c.method} ${c.url.replace(BASE, '')}`, c] as const))(
    '%s is a 400 naming the field',
    async (_, { method, url, payload, anonymous, field }) => {
      const response = await api.server.inject({
        method,
        url,
        headers: anonymous ? {} : bearer(token),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: {
          code: 'invalid_input',
          message: `${field}: must not contain a NUL character (\\u0000)`,
        },
      });
    },
  );

  it.each<PagedList>(['events', 'meetings', 'conflicts'])(
    'a %s page cursor whose text carries a NUL is a 400 invalid_cursor, not a cursor this API returned',
    async (list) => {
      for (const cursor of [
        cursorOf(list, ['\u0000', 'y'], owner),
        cursorOf(list, ['2026-03-01T00:00:00.000Z', 'a\u0000'], owner),
      ]) {
        const response = await api.server.inject({
          method: 'GET',
          url: `${BASE}/${list}/?cursor=${cursor}`,
          headers: bearer(token),
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toEqual({
          code: 'invalid_cursor',
          message: 'querystring.cursor: not a cursor this API returned; start again without it',
        });
      }
    },
  );

  it('leaves a calendar file alone: a NUL in an uploaded event is not JSON input', async () => {
    const file = buildCalendar([
      vevent({
        UID: 'nul-1',
        DTSTAMP: '20260101T000000Z',
        DTSTART: '20260311T150000Z',
        DTEND: '20260311T160000Z',
        SUMMARY: 'Bad\u0000title',
      }),
    ]);
    const response = await api.server.inject({
      method: 'POST',
      url: `${BASE}/providers/ics/connect/`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: file,
    });
    expect(response.json().error?.message ?? '').not.toContain('NUL character');
  });

  it('accepts the same requests without the NUL', async () => {
    const search = await api.server.inject({
      method: 'GET',
      url: `${BASE}/events/?q=ab`,
      headers: bearer(token),
    });
    expect(search.statusCode).toBe(200);
    const crm = await api.server.inject({
      method: 'PUT',
      url: '/api/v1/crm/accounts/',
      headers: bearer(token),
      payload: { accounts: [{ name: 'A\u0001B' }] },
    });
    expect(crm.statusCode).toBe(200);
  });
});
