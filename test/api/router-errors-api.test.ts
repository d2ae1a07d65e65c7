/**
 * Errors the router finds before any route runs (a malformed percent-encoding, an over-long path
 * parameter) answer in the documented shape `{ error: { code, message } }`, and every documented
 * path parameter can be as long as its schema allows (a relationship's key: 400 characters).
 */
import { expect, it } from 'vitest';
import { useNorthwindApi } from '../support/crm-meetings-api.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer } from '../support/test-app.js';

describeEachDialect('router errors', (context) => {
  const { api, token } = useNorthwindApi(context);

  const get = (path: string) =>
    api().server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}${path}`,
      headers: bearer(token()),
    });

  it('a malformed percent-encoding in the path is a 400 invalid_input in the error shape', async () => {
    for (const path of ['/events/%E0%A4%A/', '/relationships/%zz/', '/events/%C0%AF/']) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.json(), path).toEqual({
        error: { code: 'invalid_input', message: expect.stringMatching(/percent-encod/) },
      });
    }
  });

  it('a path parameter longer than any schema allows is a 400 invalid_input in the error shape', async () => {
    for (const path of [`/events/${'a'.repeat(5000)}/`, `/relationships/${'x'.repeat(401)}/`]) {
      const response = await get(path);
      expect(response.statusCode, path.slice(0, 30)).toBe(400);
      expect(response.json()).toEqual({
        error: { code: 'invalid_input', message: expect.any(String) },
      });
    }
  });

  it('an event id over 100 characters is refused by its schema, in the error shape', async () => {
    const response = await get(`/events/${'a'.repeat(101)}/`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringMatching(/^params\.id: /) },
    });
  });

  it('a relationship key up to the 400 characters its schema allows reaches the route', async () => {
    for (const key of [
      `domain:${'x'.repeat(95)}.com`,
      `domain:${'x'.repeat(389)}.com`,
      // Counted decoded, as the schema counts it: 400 characters, 3 of them encoded.
      `${'ü'.repeat(399)}:`,
    ]) {
      const response = await get(`/relationships/${encodeURIComponent(key)}/`);
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
  });
});
