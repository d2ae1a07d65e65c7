/**
 * A POST without a body (as `curl -X POST` sends it) is an empty object: routes whose body fields
 * are all optional take it, as `POST /sync/` always did, and a route with a required field names
 * the field ("body.verdict: is required"), not "expected object, received null".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('POST without a body', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {
      GOOGLE_CALENDAR_CLIENT_ID: 'client-id',
      GOOGLE_CALENDAR_CLIENT_SECRET: 'client-secret',
      MICROSOFT_CLIENT_ID: 'client-id',
      MICROSOFT_CLIENT_SECRET: 'client-secret',
    });
    ({ token } = await seedNorthwind(context().store));
  });

  afterAll(async () => api?.close());

  /** No payload at all, as `curl -X POST` sends it. */
  const post = (path: string) =>
    api.server.inject({ method: 'POST', url: `${CALENDAR_BASE}${path}`, headers: bearer(token) });

  it.each(['google', 'outlook'])(
    'connecting %s without a body starts the authorisation with the defaults',
    async (provider) => {
      const response = await post(`/providers/${provider}/connect/`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        authorizationUrl: expect.any(String),
        expiresAt: expect.any(String),
      });
    },
  );

  it.each(['google', 'outlook'])(
    'disconnecting %s without a body disconnects every connection, keeping events',
    async (provider) => {
      const response = await post(`/providers/${provider}/disconnect/`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ disconnected: [], eventsKept: true });
    },
  );

  it('feedback without a body names the required field', async () => {
    const response = await post('/meetings/some-meeting/feedback/');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid_input', message: 'body.verdict: is required' },
    });
  });

  it('a field left out of a body that was sent is named as required too; a wrong value keeps its message', async () => {
    const missing = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/some-meeting/feedback/`,
      headers: bearer(token),
      payload: { meetingType: 'demo' },
    });
    expect(missing.json().error.message).toBe('body.verdict: is required');
    const wrong = await api.server.inject({
      method: 'POST',
      url: `${CALENDAR_BASE}/meetings/some-meeting/feedback/`,
      headers: bearer(token),
      payload: { verdict: 'maybe' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/^body\.verdict: /);
  });

  it('connecting a feed without a body says the url is required, and how a file is sent', async () => {
    const response = await post('/providers/ics/connect/');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(
          /^body\.url: is required \(.*multipart\/form-data.*text\/calendar/,
        ),
      },
    });
  });

  it('POST /sync/ still takes no body', async () => {
    const response = await post('/sync/');
    expect(response.statusCode, response.body).toBeLessThan(300);
  });
});
