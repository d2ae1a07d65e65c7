import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const OUTLOOK = '/api/v1/calendar/webhook/outlook/';
const GOOGLE = '/api/v1/calendar/webhook/google/';
const JSON_TYPE = { 'content-type': 'application/json' };

/** Requests the providers never send; each is refused as the client's fault. */
const MALFORMED: [string, { url?: string; headers?: Record<string, string>; payload?: string }][] =
  [
    ['invalid JSON', { headers: JSON_TYPE, payload: '{bad' }],
    ['an empty JSON body', { headers: JSON_TYPE, payload: '' }],
    ['a __proto__ key', { headers: JSON_TYPE, payload: '{"__proto__":{"a":1}}' }],
    [
      'a constructor.prototype key',
      { headers: JSON_TYPE, payload: '{"constructor":{"prototype":{"b":1}}}' },
    ],
    [
      'an unsupported content type',
      { headers: { 'content-type': 'application/xml' }, payload: '<a/>' },
    ],
  ];

describeEachDialect('webhooks with malformed requests', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api?.close());

  const expectClientError = (response: { statusCode: number; json(): unknown }) => {
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.json()).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  };

  it.each(MALFORMED)('the Outlook webhook answers %s with a 4xx error body', async (_, request) => {
    expectClientError(await api.server.inject({ method: 'POST', url: OUTLOOK, ...request }));
  });

  it('the Outlook webhook refuses a repeated validationToken with a 400 naming it', async () => {
    const response = await api.server.inject({
      method: 'POST',
      url: `${OUTLOOK}?validationToken=a&validationToken=b`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('validationToken') },
    });
  });

  it("keeps the Outlook webhook's own answers: the handshake and a batch without entries", async () => {
    const handshake = await api.server.inject({
      method: 'POST',
      url: `${OUTLOOK}?validationToken=hello%20there`,
    });
    expect(handshake.statusCode).toBe(200);
    expect(handshake.body).toBe('hello there');
    const empty = await api.server.inject({
      method: 'POST',
      url: OUTLOOK,
      payload: { nothing: true },
    });
    expect(empty.statusCode).toBe(400);
    // Graph reads only the status: the refusal is in the API's error body.
    expect(empty.json()).toEqual({
      error: { code: 'invalid_input', message: expect.any(String) },
    });
  });

  it.each(MALFORMED)('the Google webhook answers %s with a 4xx error body', async (_, request) => {
    expectClientError(await api.server.inject({ method: 'POST', url: GOOGLE, ...request }));
  });

  it('an unknown Google channel is a 401 in the error shape (Google reads only the status)', async () => {
    const google = await api.server.inject({
      method: 'POST',
      url: GOOGLE,
      headers: { 'x-goog-channel-id': 'unknown', 'x-goog-channel-token': 'x' },
    });
    expect(google.statusCode).toBe(401);
    expect(google.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    // Outlook's batch of entries that do not verify: test/microsoft/outlook-webhook-batches.test.ts.
  });

  it('the OpenAPI document documents the refusals as the error shape', async () => {
    const response = await api.server.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    for (const path of [OUTLOOK, GOOGLE]) {
      const post = response.json().paths[path].post;
      for (const status of ['400', '401']) {
        expect(JSON.stringify(post.responses[status]), `${path} ${status}`).toContain('Error');
        expect(JSON.stringify(post.responses[status]), `${path} ${status}`).not.toContain(
          'outcome',
        );
      }
    }
  });
});
