/**
 * A CalDAV server address that is not a URL (a typo, a space, a port out of range) is the
 * caller's mistake: a 400 in the documented error shape, refused before any request is made.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('CalDAV connect: server URLs that are not URLs', (context) => {
  let api: TestApi;
  let token: string;
  let scope: { orgId: string; userId: string };

  beforeAll(async () => {
    api = await buildTestApi(context().store, { ALLOW_PRIVATE_NETWORK_CALENDARS: 'false' });
    ({ token, ...scope } = await seedNorthwind(context().store));
  });

  afterAll(async () => api?.close());

  it.each([
    'my server.example.com',
    'https://cal dav.example.com/',
    'http://[::1',
    'https://exa mple.com:99999/',
  ])('%j is a 400 invalid_input naming the server URL', async (serverUrl) => {
    const response = await api.server.inject({
      method: 'POST',
      url: '/api/v1/calendar/providers/caldav/connect/',
      headers: bearer(token),
      payload: { serverUrl, username: 'ana', password: 'app-password' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^the CalDAV server URL is not usable: /),
      },
    });
    expect(await api.app.store.connections.list(scope)).toEqual([]);
  });
});
