/**
 * A path the API knows, asked with a method it does not answer there, is a 405
 * `method_not_allowed` with an `Allow` header naming the methods it does answer; a path no route
 * knows stays a 404.
 */
import { expect, it } from 'vitest';
import { useNorthwindApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, CRM_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('unsupported methods', (context) => {
  const { api, token } = useNorthwindApi(context);

  const call = (method: 'DELETE' | 'PUT' | 'PATCH' | 'POST' | 'GET', url: string) =>
    api().server.inject({ method, url, headers: bearer(token()) });

  it.each([
    ['DELETE', `${CALENDAR_BASE}/events/`, 'GET, HEAD'],
    ['POST', `${CALENDAR_BASE}/events/some-id/`, 'GET, HEAD'],
    ['PUT', `${CALENDAR_BASE}/meetings/m-1/feedback/`, 'POST'],
    ['GET', `${CALENDAR_BASE}/meetings/detect/`, 'POST'],
    ['DELETE', `${CALENDAR_BASE}/conflicts/settings`, 'GET, HEAD, PATCH'],
    ['DELETE', `${CRM_BASE}/accounts/?x=1`, expect.stringContaining('PUT')],
  ] as const)('%s %s is a 405 that allows %s', async (method, url, allow) => {
    const response = await call(method, url);
    expect(response.statusCode, response.body).toBe(405);
    expect(response.headers.allow).toEqual(allow);
    expect(response.json()).toEqual({
      error: { code: 'method_not_allowed', message: expect.stringContaining(method) },
    });
  });

  it('a path no route knows is still a 404 not_found', async () => {
    const response = await call('DELETE', `${CALENDAR_BASE}/nothing-here/`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
